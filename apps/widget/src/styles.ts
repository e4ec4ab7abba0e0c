import { css } from 'lit';

// Adopted as a constructable stylesheet: no <style> element, so a strict style-src CSP holds.
export const styles = css`
  :host {
    --_accent: var(--ps-accent, #0b57a4);
    --_radius: var(--ps-radius, 8px);
    --_surface: var(--ps-surface, #ffffff);
    --_text: var(--ps-text, #1b1f24);
    --_muted: color-mix(in srgb, var(--_text) 72%, var(--_surface));
    --_line: color-mix(in srgb, var(--_text) 22%, var(--_surface));
    display: block;
    container-type: inline-size;
    font-family: var(--ps-font, system-ui, -apple-system, 'Segoe UI', sans-serif);
    color: var(--_text);
    background: var(--_surface);
    line-height: 1.4;
  }
  [hidden] {
    display: none !important;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }
  form {
    display: grid;
    gap: 12px;
  }
  .query {
    display: grid;
    grid-template-columns: 1fr;
    gap: 8px;
    align-items: end;
  }
  @container (min-width: 720px) {
    .query {
      grid-template-columns: 1.1fr auto 1.5fr auto;
    }
  }
  label,
  legend {
    display: block;
    font-weight: 600;
    font-size: 0.9rem;
    margin-bottom: 4px;
  }
  input[type='text'],
  select {
    box-sizing: border-box;
    width: 100%;
    min-height: 44px;
    padding: 8px 10px;
    font: inherit;
    color: inherit;
    background: var(--_surface);
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
  }
  input:focus-visible,
  select:focus-visible,
  button:focus-visible {
    outline: 3px solid color-mix(in srgb, var(--_accent) 55%, transparent);
    outline-offset: 2px;
  }
  button {
    min-height: 44px;
    padding: 8px 16px;
    font: inherit;
    font-weight: 600;
    border-radius: var(--_radius);
    border: 1px solid var(--_accent);
    color: var(--_accent);
    background: var(--_surface);
    cursor: pointer;
  }
  button.primary {
    color: #fff;
    background: var(--_accent);
  }
  .combo {
    position: relative;
  }
  [role='listbox'] {
    position: absolute;
    z-index: 2;
    left: 0;
    right: 0;
    margin: 4px 0 0;
    padding: 4px;
    list-style: none;
    background: var(--_surface);
    border: 1px solid var(--_muted);
    border-radius: var(--_radius);
    box-shadow: 0 6px 18px rgb(0 0 0 / 15%);
    max-height: 320px;
    overflow: auto;
  }
  [role='option'] {
    display: flex;
    justify-content: space-between;
    gap: 8px;
    padding: 8px;
    border-radius: calc(var(--_radius) / 2);
    cursor: pointer;
  }
  [role='option'][aria-selected='true'],
  [role='option']:hover {
    background: color-mix(in srgb, var(--_accent) 12%, var(--_surface));
  }
  .hint,
  .muted {
    color: var(--_muted);
    font-size: 0.875rem;
  }
  fieldset {
    display: flex;
    flex-wrap: wrap;
    gap: 8px 16px;
    align-items: end;
    margin: 0;
    padding: 8px 0 0;
    border: 0;
    border-top: 1px solid var(--_line);
  }
  fieldset > div {
    flex: 1 1 180px;
  }
  .check {
    display: flex;
    gap: 6px;
    align-items: center;
    min-height: 44px;
    font-weight: 400;
    margin: 0;
  }
  .check input {
    width: 20px;
    height: 20px;
    accent-color: var(--_accent);
  }
  .summary {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    margin: 16px 0 8px;
  }
  .summary p {
    margin: 0;
  }
  .status {
    font-weight: 600;
  }
  .results {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 12px;
  }
  .card {
    padding: 12px 14px;
    border: 1px solid var(--_line);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  .card h3,
  .card h4 {
    margin: 0 0 4px;
    font-size: 1.05rem;
  }
  .card h3 button {
    padding: 0;
    min-height: 0;
    border: 0;
    font-size: inherit;
    text-align: left;
    text-decoration: underline;
    text-underline-offset: 3px;
  }
  .card p {
    margin: 2px 0;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 4px 12px;
    align-items: center;
  }
  .badge {
    display: inline-block;
    padding: 2px 8px;
    border-radius: 999px;
    font-size: 0.8rem;
    font-weight: 600;
    color: #0d5c2e;
    background: #e3f4e9;
  }
  .badge.no {
    color: #7a2e0b;
    background: #fbeae2;
  }
  .distance {
    font-weight: 600;
  }
  a {
    color: var(--_accent);
  }
  .more {
    margin-top: 12px;
    width: 100%;
  }
  .alert {
    padding: 12px;
    border-radius: var(--_radius);
    color: #7a1010;
    background: #fde8e8;
  }
  .detail h2 {
    margin: 12px 0 4px;
  }
`;
