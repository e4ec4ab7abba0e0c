import { GENERATE_USAGE, formatGenerationSummary, parseGenerateArgs } from './generator-cli-args';
import { noDefects } from './defect-plan';

describe('parseGenerateArgs', () => {
  it('reads --providers, --seed and --out, in either flag form', () => {
    expect(parseGenerateArgs(['--providers', '100000', '--seed', '1', '--out', 'dir'])).toEqual({
      options: { providers: 100_000, seed: 1, out: 'dir' },
    });
    expect(parseGenerateArgs(['--providers=1_000_000', '--out=/tmp/x'])).toEqual({
      options: { providers: 1_000_000, seed: 1, out: '/tmp/x' },
    });
  });

  it.each([
    [['--out', 'dir'], '--providers is required'],
    [['--providers', '10'], '--out is required'],
    [['--providers', 'ten', '--out', 'dir'], '--providers must be an integer >= 1'],
    [['--providers', '0', '--out', 'dir'], '--providers must be an integer >= 1'],
    [['--providers', '1.5', '--out', 'dir'], '--providers must be an integer >= 1'],
    [['--providers', '10', '--out', 'dir', '--seed', '-3'], '--seed'],
    [['--providers', '10', '--out', 'dir', '--seed', '4294967296'], '--seed must be an integer 0..4294967295'],
    [['--providers', '10', '--out', 'dir', '--size', '3'], "Unknown option '--size'"],
    [['--providers', '10', '--out', 'dir', 'extra'], "Unexpected argument 'extra'"],
  ])('refuses %j: %s', (argv, message) => {
    const parsed = parseGenerateArgs(argv);
    expect('error' in parsed && parsed.error).toContain(message);
  });

  it('answers --help with the usage', () => {
    expect(parseGenerateArgs(['--help'])).toEqual({ help: true });
    expect(GENERATE_USAGE).toContain('--providers N');
  });
});

describe('formatGenerationSummary', () => {
  it('lists every type, the planted defects, size and time', () => {
    const summary = formatGenerationSummary(
      {
        seed: 1,
        providerLocations: 10,
        resources: {
          Organization: 5,
          InsurancePlan: 2,
          Location: 3,
          HealthcareService: 2,
          Endpoint: 3,
          OrganizationAffiliation: 1,
          Practitioner: 8,
          PractitionerRole: 8,
        },
        defects: { ...noDefects(), danglingReferences: 2 },
        bytes: 2_500_000,
        seconds: 0.42,
      },
      'out',
    );
    expect(summary).toContain('wrote out (seed 1, 10 provider-locations)');
    expect(summary).toMatch(/PractitionerRole\s+8\n/);
    expect(summary).toContain('defects: danglingReferences 2');
    expect(summary).toContain('2.5 MB in 0.4 s');
  });
});
