import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Controller, Get, Header, HttpCode, Req } from '@nestjs/common';
import { DEMO_NOTICE, DemoData } from '@pds/runtime';
import { findADoctorPage } from './find-a-doctor-page';

// `npm run build` writes the bundle beside the compiled apps: dist/widget.
const WIDGET_DIR = path.resolve(__dirname, '../../../../widget');
/** What the page needs of Express's request: where the browser reached this API. */
interface PageRequest {
  protocol: string;
  get(header: string): string | undefined;
}

const read = (file: string) => readFileSync(path.join(WIDGET_DIR, file), 'utf8');

/** The <provider-search> module, and the find-a-doctor page built on it. */
@Controller()
export class WidgetController {
  constructor(private readonly demo: DemoData) {}

  private readonly script = read('provider-search.js');
  private readonly css = read('page.css');

  @Get('widget/provider-search.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  widget(): string {
    return this.script;
  }

  @Get('widget/page.css')
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'public, max-age=300')
  pageCss(): string {
    return this.css;
  }

  /** Browsers ask for it on every page; an empty answer keeps their consoles free of 404s. */
  @Get('favicon.ico')
  @HttpCode(204)
  favicon(): void {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  // The page holds itself to the policy it tells embedders the widget works under.
  @Header('content-security-policy', "default-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
  async page(@Req() request: PageRequest): Promise<string> {
    const notice = (await this.demo.active()) ? `This page shows ${DEMO_NOTICE}.` : null;
    return findADoctorPage(`${request.protocol}://${request.get('host')}`, notice);
  }
}
