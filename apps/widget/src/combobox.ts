import { html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { live } from 'lit/directives/live.js';

export interface Option<T> {
  label: string;
  hint: string;
  value: T;
}

/**
 * A WAI-ARIA 1.2 combobox (list autocomplete) rendered into its host's shadow root, so that
 * aria-controls and aria-activedescendant reach the listbox: ids do not cross shadow roots.
 */
export class Combobox<T> {
  text = '';
  options: Option<T>[] = [];
  open = false;
  active = -1;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private request = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly id: string,
    private readonly load: (text: string) => Promise<Option<T>[]>,
    private readonly pick: (option: Option<T>) => void,
    private readonly typed: (text: string) => void,
  ) {}

  setText(text: string): void {
    this.text = text;
    this.close();
  }

  close(): void {
    clearTimeout(this.timer);
    this.request++;
    this.open = false;
    this.active = -1;
    this.host.requestUpdate();
  }

  render(label: string, placeholder: string): TemplateResult {
    const listId = `${this.id}-list`;
    const expanded = this.open && this.options.length > 0;
    return html`<div class="combo">
      <label for=${this.id}>${label}</label>
      <input
        id=${this.id}
        part="input"
        type="text"
        role="combobox"
        autocomplete="off"
        aria-autocomplete="list"
        aria-expanded=${expanded ? 'true' : 'false'}
        aria-controls=${listId}
        aria-activedescendant=${expanded && this.active >= 0 ? `${this.id}-opt-${this.active}` : nothing}
        placeholder=${placeholder}
        .value=${live(this.text)}
        @input=${(event: InputEvent) => this.onInput((event.target as HTMLInputElement).value)}
        @keydown=${(event: KeyboardEvent) => this.onKey(event)}
        @blur=${() => this.close()}
      />
      <ul id=${listId} role="listbox" part="listbox" aria-label=${label} ?hidden=${!expanded}>
        ${this.options.map(
          (option, index) =>
            html`<li
              id=${`${this.id}-opt-${index}`}
              role="option"
              part="option"
              aria-selected=${index === this.active ? 'true' : 'false'}
              @mousedown=${(event: MouseEvent) => event.preventDefault()}
              @click=${() => this.choose(index)}
            >
              <span>${option.label}</span> <span class="hint">${option.hint}</span>
            </li>`,
        )}
      </ul>
    </div>`;
  }

  private onInput(text: string): void {
    this.text = text;
    this.typed(text);
    clearTimeout(this.timer);
    const request = ++this.request;
    if (text.trim().length < 2) {
      this.open = false;
      this.host.requestUpdate();
      return;
    }
    this.timer = setTimeout(async () => {
      const options = await this.load(text).catch(() => []);
      if (request !== this.request) return;
      this.options = options;
      this.active = -1;
      this.open = true;
      this.host.requestUpdate();
    }, 150);
  }

  private onKey(event: KeyboardEvent): void {
    const count = this.open ? this.options.length : 0;
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (count === 0) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + step + count + (this.active < 0 && step < 0 ? 1 : 0)) % count;
      this.host.requestUpdate();
    } else if (event.key === 'Enter' && count > 0 && this.active >= 0) {
      // Enter picks the highlighted option; without one it submits the form as usual.
      event.preventDefault();
      this.choose(this.active);
    } else if (event.key === 'Escape') {
      if (count > 0) this.close();
      else this.onInput('');
    }
  }

  private choose(index: number): void {
    const option = this.options[index];
    this.text = option.label;
    this.close();
    this.pick(option);
  }
}
