/** The code system of `Practitioner.communication` languages (BCP-47 tags). */
export const BCP47_SYSTEM = 'urn:ietf:bcp:47';

export interface SpokenLanguage {
  code: string;
  display: string;
  /** Share of clinicians listing it besides English. */
  share: number;
}

/**
 * Languages besides English that US directories list most, at shares near those of NPPES-based
 * directories: Spanish for about one clinician in five, the others far fewer. Every generated
 * clinician speaks English; each of these is drawn independently, so a few speak three.
 */
export const OTHER_LANGUAGES: readonly SpokenLanguage[] = [
  { code: 'es', display: 'Spanish', share: 0.2 },
  { code: 'zh', display: 'Chinese', share: 0.035 },
  { code: 'vi', display: 'Vietnamese', share: 0.02 },
  { code: 'ru', display: 'Russian', share: 0.02 },
  { code: 'fr', display: 'French', share: 0.02 },
  { code: 'ko', display: 'Korean', share: 0.015 },
  { code: 'ar', display: 'Arabic', share: 0.015 },
  { code: 'pt', display: 'Portuguese', share: 0.015 },
  { code: 'ht', display: 'Haitian', share: 0.01 },
];

export const ENGLISH = { code: 'en', display: 'English' } as const;

/** Plan-Net LanguageProficiencyCS (ILR levels): natives at 50, second languages below. */
export const PROFICIENCY = {
  native: { code: '50', display: 'Functional native proficiency' },
  second: [
    { code: '30', display: 'General professional proficiency' },
    { code: '40', display: 'Advanced professional proficiency' },
    { code: '20', display: 'Limited working proficiency' },
  ],
} as const;
