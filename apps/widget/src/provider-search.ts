import { html, LitElement, nothing, type PropertyValues } from 'lit';
import {
  graphql, LISTS, type Lists, type Origin, PROVIDER, type ProviderRecord, type ResultNode, SEARCH, type SearchAnswer,
  SUGGEST, type Suggestion, WidgetError,
} from './api';
import { Combobox, type Option } from './combobox';
import { type Near, nearFromText, searchVariables, splitList, type What, whatFromText } from './search-filter';
import { styles } from './styles';
import { detailView, resultItem } from './views';

const KINDS = [
  { value: 'PRACTITIONER', label: 'Doctors and clinicians' },
  { value: 'FACILITY', label: 'Facilities' },
  { value: 'PHARMACY', label: 'Pharmacies' },
  { value: 'PRACTITIONER,FACILITY,PHARMACY', label: 'All kinds' },
];
const DISTANCES = [1, 5, 10, 25, 50, 100];
const HINTS: Record<Suggestion['kind'], string> = {
  SPECIALTY: 'Specialty',
  PROVIDER: 'Provider',
  FACILITY: 'Facility',
  ORGANIZATION: 'Organization',
  PLACE: 'Place',
};

/** <provider-search>: a find-a-doctor search over this service's GraphQL API. */
export class ProviderSearch extends LitElement {
  static override styles = styles;
  static override properties = {
    endpoint: { reflect: true },
    location: { reflect: true },
    specialty: { reflect: true },
    radiusMiles: { attribute: 'radius-miles', type: Number, reflect: true },
    pageSize: { attribute: 'page-size', type: Number, reflect: true },
    kinds: { reflect: true },
    acceptingNewPatients: { attribute: 'accepting-new-patients', type: Boolean, reflect: true },
    language: { reflect: true },
    payers: { reflect: true },
    networks: { reflect: true },
    plans: { reflect: true },
  };

  endpoint = new URL('/graphql', window.location.href).href;
  location = '';
  specialty = '';
  radiusMiles = 10;
  pageSize = 10;
  kinds = 'PRACTITIONER';
  acceptingNewPatients = false;
  language = '';
  payers = '';
  networks = '';
  plans = '';

  private gender = '';
  private telehealth = false;
  private coverage = '';
  private near: Near | null = null;
  private what: What = null;
  private lists: Lists = { languages: [], networks: [], plans: [] };
  private results: ResultNode[] = [];
  private totalCount: number | null = null;
  private origin: Origin | null = null;
  private endCursor: string | null = null;
  private hasMore = false;
  private busy = false;
  private error: WidgetError | null = null;
  private detail: ProviderRecord | null = null;
  private openedFrom: string | null = null;
  private searching: AbortController | null = null;

  private readonly place = new Combobox<string>(
    this,
    'location',
    // Places rank after specialties, providers and organizations: ask for the most to keep them.
    async (text) =>
      (await this.suggest(text, null, 20)).filter((s) => s.kind === 'PLACE').map((s) => ({ label: s.label, hint: 'Place', value: s.value })),
    (option) => (this.near = { place: option.value }),
    (text) => (this.near = nearFromText(text)),
  );

  private readonly subject = new Combobox<Suggestion>(
    this,
    'what',
    async (text) =>
      (await this.suggest(text, this.near, 8)).filter((s) => s.kind !== 'PLACE').map((s) => ({ label: s.label, hint: HINTS[s.kind], value: s })),
    (option: Option<Suggestion>) => this.pickWhat(option.value),
    (text) => (this.what = whatFromText(text)),
  );

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadLists();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('location')) {
      this.place.setText(this.location);
      this.near = nearFromText(this.location);
    }
    if (changed.has('specialty')) {
      this.subject.setText(this.specialty);
      this.what = whatFromText(this.specialty);
    }
  }

  protected override firstUpdated(): void {
    if (this.location || this.specialty) void this.search();
  }

  override render() {
    return html`<form part="form" role="search" aria-label="Find a provider" @submit=${this.onSubmit}>
        <div class="query">
          ${this.place.render('Location', 'ZIP or city')}
          <button type="button" @click=${this.useMyLocation}>Use my location</button>
          ${this.subject.render('Specialty, name or facility', 'e.g. family medicine')}
          <button type="submit" class="primary">Search</button>
        </div>
        ${this.renderFilters()}
      </form>
      <div class="summary">
        <p role="status" class="status">${this.statusText()}</p>
        ${this.origin && this.totalCount ? html`<p class="muted">Nearest first from ${this.origin.label}</p>` : nothing}
      </div>
      ${this.error
        ? html`<p class="alert" role="alert">${this.error.message}</p>`
        : this.detail
          ? detailView(this.detail, (code) => this.languageName(code), () => this.closeDetail())
          : this.renderResults()}`;
  }

  private renderFilters() {
    const locked = Boolean(this.payers || this.networks || this.plans);
    const select = (label: string, id: string, value: string, options: { value: string; label: string }[], set: (v: string) => void) =>
      html`<div>
        <label for=${id}>${label}</label>
        <select id=${id} @change=${(e: Event) => this.refine(() => set((e.target as HTMLSelectElement).value))}>
          ${options.map((o) => html`<option value=${o.value} ?selected=${o.value === value}>${o.label}</option>`)}
        </select>
      </div>`;
    return html`<fieldset>
      <legend class="visually-hidden">Filters</legend>
      ${select('Distance', 'distance', String(this.radiusMiles), DISTANCES.map((d) => ({ value: String(d), label: `${d} miles` })), (v) => (this.radiusMiles = Number(v)))}
      ${select('Kind', 'kind', this.kinds, KINDS, (v) => (this.kinds = v))}
      ${select('Language', 'language', this.language, [{ value: '', label: 'Any language' }, ...this.lists.languages.map((l) => ({ value: l.code, label: l.name }))], (v) => (this.language = v))}
      ${select('Gender', 'gender', this.gender, [{ value: '', label: 'Any gender' }, { value: 'female', label: 'Female' }, { value: 'male', label: 'Male' }], (v) => (this.gender = v))}
      ${locked
        ? nothing
        : select('Network or plan', 'coverage', this.coverage, [
            { value: '', label: 'Any network or plan' },
            ...this.lists.networks.map((n) => ({ value: `network:${n.id}`, label: `Network: ${n.name ?? n.id}` })),
            ...this.lists.plans.map((p) => ({ value: `plan:${p.id}`, label: `Plan: ${p.name ?? p.id}` })),
          ], (v) => (this.coverage = v))}
      <label class="check"><input type="checkbox" .checked=${this.acceptingNewPatients}
        @change=${(e: Event) => this.refine(() => (this.acceptingNewPatients = (e.target as HTMLInputElement).checked))} />Accepting new patients</label>
      <label class="check"><input type="checkbox" .checked=${this.telehealth}
        @change=${(e: Event) => this.refine(() => (this.telehealth = (e.target as HTMLInputElement).checked))} />Telehealth</label>
    </fieldset>`;
  }

  private renderResults() {
    if (this.totalCount === 0) return html`<p>No providers match. Try a larger distance, another spelling or fewer filters.</p>`;
    return html`<ul class="results" aria-label="Results" ?hidden=${this.totalCount === null}>
        ${this.results.map((node) => resultItem(node, (n) => this.openDetail(n)))}
      </ul>
      ${this.hasMore ? html`<button type="button" class="more" ?disabled=${this.busy} @click=${this.showMore}>Show more</button>` : nothing}`;
  }

  private statusText(): string {
    if (this.busy && this.results.length === 0) return 'Searching…';
    if (this.totalCount === null) return '';
    return `${this.totalCount} ${this.totalCount === 1 ? 'result' : 'results'}`;
  }

  private onSubmit(event: Event): void {
    event.preventDefault();
    void this.search();
  }

  /** A filter changed: apply it to the search already shown, if any. */
  private refine(change: () => void): void {
    change();
    this.requestUpdate();
    if (this.totalCount !== null) void this.search();
  }

  /** A specialty or organization narrows the search; a provider or facility picked by name opens its record. */
  private pickWhat(suggestion: Suggestion): void {
    if (suggestion.kind === 'SPECIALTY') this.what = { specialty: suggestion.value };
    else if (suggestion.kind === 'ORGANIZATION') this.what = { organization: suggestion.value };
    else {
      this.what = { text: suggestion.label };
      void this.showProvider(suggestion.value, suggestion.label);
    }
  }

  private async suggest(text: string, near: Near | null, first: number): Promise<Suggestion[]> {
    const variables = { text, first, near: near ? { ...near, radiusMiles: this.radiusMiles } : undefined };
    return (await graphql<{ suggest: Suggestion[] }>(this.endpoint, SUGGEST, variables)).suggest;
  }

  private async loadLists(): Promise<void> {
    try {
      this.lists = await graphql<Lists>(this.endpoint, LISTS, { payers: splitList(this.payers) });
      this.requestUpdate();
    } catch (error) {
      this.fail(error);
    }
  }

  private languageName(code: string): string {
    return this.lists.languages.find((l) => l.code === code)?.name ?? code;
  }

  private useMyLocation(): void {
    if (!navigator.geolocation) return this.fail(new WidgetError('GEOLOCATION', 'This browser cannot share its location.'));
    navigator.geolocation.getCurrentPosition(
      ({ coords }) => {
        this.place.setText('My location');
        this.near = { latitude: coords.latitude, longitude: coords.longitude };
        void this.search();
      },
      () => this.fail(new WidgetError('GEOLOCATION', 'Your location is not available. Type a ZIP code or city instead.')),
    );
  }

  private async search(after: string | null = null): Promise<void> {
    this.searching?.abort();
    const controller = (this.searching = new AbortController());
    this.busy = true;
    this.error = null;
    if (!after) this.detail = null;
    this.requestUpdate();
    const { filter, sort } = searchVariables({
      near: this.near,
      radiusMiles: this.radiusMiles,
      what: this.what,
      kinds: splitList(this.kinds),
      acceptingNewPatients: this.acceptingNewPatients,
      language: this.language,
      gender: this.gender,
      telehealth: this.telehealth,
      coverage: this.coverage,
      payers: splitList(this.payers),
      networks: splitList(this.networks),
      plans: splitList(this.plans),
    });
    try {
      const { searchProviders: answer } = await graphql<SearchAnswer>(
        this.endpoint, SEARCH, { filter, sort, first: this.pageSize, after }, controller.signal,
      );
      const page = answer.edges.map((edge) => edge.node);
      this.results = after ? [...this.results, ...page] : page;
      this.totalCount = answer.totalCount;
      this.origin = answer.origin;
      this.endCursor = answer.pageInfo.endCursor;
      this.hasMore = answer.pageInfo.hasNextPage;
      this.emit('ps-results', { totalCount: answer.totalCount, origin: answer.origin });
      if (after) await this.focusResult(page[0]);
    } catch (error) {
      if (controller.signal.aborted) return;
      this.fail(error);
    } finally {
      if (this.searching === controller) this.busy = false;
      this.requestUpdate();
    }
  }

  private showMore(): void {
    void this.search(this.endCursor);
  }

  private async openDetail(node: ResultNode): Promise<void> {
    this.emit('ps-select', { providerKey: node.providerKey, npi: node.npi, practitionerRoleId: node.practitionerRoleId, locationId: node.location.id });
    this.openedFrom = node.providerKey;
    await this.showProvider(node.providerKey, node.name);
  }

  private async showProvider(key: string, name: string): Promise<void> {
    try {
      const { provider } = await graphql<{ provider: ProviderRecord | null }>(this.endpoint, PROVIDER, { key });
      if (!provider) throw new WidgetError('NOT_FOUND', `${name} is no longer in the directory.`);
      this.error = null;
      this.detail = provider;
      this.requestUpdate();
      await this.updateComplete;
      this.renderRoot.querySelector<HTMLElement>('#detail-name')?.focus();
    } catch (error) {
      this.fail(error);
    }
  }

  private async closeDetail(): Promise<void> {
    this.detail = null;
    this.requestUpdate();
    const from = this.results.find((node) => node.providerKey === this.openedFrom);
    if (from) await this.focusResult(from);
  }

  /** Keyboard and screen-reader users land on the result they came from or the first new one. */
  private async focusResult(node: ResultNode | undefined): Promise<void> {
    if (!node) return;
    this.requestUpdate();
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>(`button[data-key="${CSS.escape(node.providerKey)}"]`)?.focus();
  }

  private fail(error: unknown): void {
    this.error = error instanceof WidgetError ? error : new WidgetError('UNKNOWN', 'Something went wrong. Please try again.');
    this.emit('ps-error', { code: this.error.code, message: this.error.message });
    this.requestUpdate();
  }

  private emit(type: string, detail: object): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }
}

if (!customElements.get('provider-search')) customElements.define('provider-search', ProviderSearch);
