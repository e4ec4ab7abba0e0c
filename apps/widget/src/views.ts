import { html, nothing, type TemplateResult } from 'lit';
import type { Coded, Named, ProviderOffice, ProviderRecord, ResultNode } from './api';

const specialtyText = (specialties: Coded[]) => specialties.map((s) => s.display ?? s.code).join(', ');
const names = (refs: Named[]) => refs.map((ref) => ref.name ?? ref.id).join(', ');

function accepting(value: boolean | null): TemplateResult | typeof nothing {
  if (value === null) return nothing;
  return value
    ? html`<span class="badge" part="badge">Accepting new patients</span>`
    : html`<span class="badge no" part="badge">Not accepting new patients</span>`;
}

function phone(phones: string[]): TemplateResult | typeof nothing {
  const first = phones[0];
  return first ? html`<a href=${`tel:${first.replace(/[^\d+]/g, '')}`}>${first}</a>` : nothing;
}

export function resultItem(node: ResultNode, open: (node: ResultNode) => void): TemplateResult {
  const address = node.location.address?.text;
  return html`<li class="card" part="result">
    <h3><button type="button" data-key=${node.providerKey} @click=${() => open(node)}>${node.name}</button></h3>
    ${node.specialties.length ? html`<p>${specialtyText(node.specialties)}</p>` : nothing}
    ${node.organization?.name && node.organization.name !== node.name ? html`<p class="muted">${node.organization.name}</p>` : nothing}
    <p class="row">
      ${node.distanceMiles === null ? nothing : html`<span class="distance">${node.distanceMiles.toFixed(1)} mi</span>`}
      ${address ? html`<span>${address}</span>` : nothing}
    </p>
    <p class="row">
      ${phone(node.phones)} ${accepting(node.acceptingNewPatients)}
      ${node.telehealth ? html`<span class="badge" part="badge">Telehealth</span>` : nothing}
    </p>
    ${node.networks.length ? html`<p class="muted">Networks: ${names(node.networks)}</p>` : nothing}
  </li>`;
}

function office(entry: ProviderOffice): TemplateResult {
  return html`<li class="card" part="result">
    <h4>${entry.location.name ?? entry.organization?.name ?? entry.location.address?.text ?? 'Office'}</h4>
    ${entry.location.address ? html`<p>${entry.location.address.text}</p>` : nothing}
    ${entry.organization?.name ? html`<p class="muted">${entry.organization.name}</p>` : nothing}
    ${entry.specialties.length ? html`<p>${specialtyText(entry.specialties)}</p>` : nothing}
    <p class="row">
      ${phone(entry.phones)} ${accepting(entry.acceptingNewPatients)}
      ${entry.telehealth ? html`<span class="badge" part="badge">Telehealth</span>` : nothing}
    </p>
    ${entry.networks.length ? html`<p class="muted">Networks: ${names(entry.networks)}</p>` : nothing}
  </li>`;
}

export function detailView(provider: ProviderRecord, languageName: (code: string) => string, back: () => void): TemplateResult {
  const facts = [
    provider.npi ? `NPI ${provider.npi}` : '',
    provider.gender ? provider.gender[0].toUpperCase() + provider.gender.slice(1) : '',
    provider.languages.length ? `Speaks ${provider.languages.map(languageName).join(', ')}` : '',
  ].filter(Boolean);
  return html`<section class="detail" aria-labelledby="detail-name">
    <button type="button" @click=${back}>Back to results</button>
    <h2 id="detail-name" tabindex="-1">${provider.name}</h2>
    ${provider.specialties.length ? html`<p>${specialtyText(provider.specialties)}</p>` : nothing}
    ${facts.length ? html`<p class="muted">${facts.join(' · ')}</p>` : nothing}
    <h3>Offices (${provider.locations.length})</h3>
    <ul class="results" aria-label="Offices">
      ${provider.locations.map(office)}
    </ul>
  </section>`;
}
