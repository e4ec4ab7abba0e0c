/** The NUCC Health Care Provider Taxonomy code system, as Plan-Net codes specialties. */
export const NUCC_SYSTEM = 'http://nucc.org/provider-taxonomy';

/** What kind of clinician a taxonomy code belongs to: decides the role code and credentials. */
export type ClinicianKind =
  | 'physician'
  | 'nursePractitioner'
  | 'nurseAnesthetist'
  | 'midwife'
  | 'physicianAssistant'
  | 'dentist'
  | 'optometrist'
  | 'chiropractor'
  | 'podiatrist'
  | 'psychologist'
  | 'socialWorker'
  | 'counselor'
  | 'familyTherapist'
  | 'physicalTherapist'
  | 'occupationalTherapist'
  | 'speechPathologist'
  | 'audiologist'
  | 'dietitian'
  | 'pharmacist';

export interface ClinicianProfile {
  /** Plan-Net ProviderRoleCS code and display for PractitionerRole.code. */
  roleCode: string;
  roleDisplay: string;
  /** Name suffixes seen in NPPES for this kind, spellings varying as they do there. */
  credentials: readonly string[];
  /** Whether the name often carries the prefix "Dr.". */
  doctor: boolean;
}

export const CLINICIAN_PROFILES: Readonly<Record<ClinicianKind, ClinicianProfile>> = {
  physician: { roleCode: 'ph', roleDisplay: 'Physician', credentials: ['MD', 'M.D.', 'MD', 'DO', 'D.O.'], doctor: true },
  nursePractitioner: { roleCode: 'apn', roleDisplay: 'Advanced Practice Nursing Providers', credentials: ['NP', 'APRN', 'FNP-C'], doctor: false },
  nurseAnesthetist: { roleCode: 'apn', roleDisplay: 'Advanced Practice Nursing Providers', credentials: ['CRNA'], doctor: false },
  midwife: { roleCode: 'cnw', roleDisplay: 'Certified Nurse Midwife', credentials: ['CNM'], doctor: false },
  physicianAssistant: { roleCode: 'pa', roleDisplay: 'Physician Assistant', credentials: ['PA-C', 'PA'], doctor: false },
  dentist: { roleCode: 'de', roleDisplay: 'Dentist', credentials: ['DDS', 'DMD', 'D.D.S.', 'D.M.D.'], doctor: true },
  optometrist: { roleCode: 'oo', roleDisplay: 'Optometrist', credentials: ['OD', 'O.D.'], doctor: true },
  chiropractor: { roleCode: 'ch', roleDisplay: 'Chiropractor', credentials: ['DC', 'D.C.'], doctor: true },
  podiatrist: { roleCode: 'po', roleDisplay: 'Podiatrist', credentials: ['DPM'], doctor: true },
  psychologist: { roleCode: 'py', roleDisplay: 'Psychologist', credentials: ['PhD', 'PSY.D.', 'PH.D.'], doctor: true },
  socialWorker: { roleCode: 'sw', roleDisplay: 'Social Worker', credentials: ['LCSW', 'LICSW'], doctor: false },
  counselor: { roleCode: 'co', roleDisplay: 'Counselor', credentials: ['LPC', 'LMHC'], doctor: false },
  familyTherapist: { roleCode: 'mt', roleDisplay: 'Marriage/Family Therapist', credentials: ['LMFT'], doctor: false },
  physicalTherapist: { roleCode: 'pt', roleDisplay: 'Physical Therapist', credentials: ['PT', 'DPT'], doctor: false },
  occupationalTherapist: { roleCode: 'ot', roleDisplay: 'Occupational Therapist', credentials: ['OTR/L', 'OT'], doctor: false },
  speechPathologist: { roleCode: 'sp', roleDisplay: 'Speech Language Pathologist', credentials: ['CCC-SLP'], doctor: false },
  audiologist: { roleCode: 'au', roleDisplay: 'Audiologist', credentials: ['AuD'], doctor: true },
  dietitian: { roleCode: 'dn', roleDisplay: 'Dietary and Nutritional Service Provider', credentials: ['RD', 'RDN'], doctor: false },
  pharmacist: { roleCode: 'rx', roleDisplay: 'Pharmacy Service Providers', credentials: ['PharmD', 'RPh'], doctor: true },
};

export interface NuccSpecialty {
  code: string;
  /** The code set's "Display Name", exactly (a test checks it against the NUCC CSV). */
  display: string;
  /** Relative frequency among the roles of a payer's directory. */
  weight: number;
  kind: ClinicianKind;
}

/**
 * The specialties generated clinicians practise: the common NUCC codes of US provider
 * directories, weighted roughly like a payer's network (primary care, NPs and PAs, behavioral
 * health and therapy dominate; subspecialties are rare). A curated list rather than the whole
 * code set: most of its 874 codes (students, suppliers, facilities) never name a clinician.
 */
export const CLINICIAN_SPECIALTIES: readonly NuccSpecialty[] = (
  [
    ['207Q00000X', 'Family Medicine Physician', 80, 'physician'],
    ['207R00000X', 'Internal Medicine Physician', 80, 'physician'],
    ['208000000X', 'Pediatrics Physician', 40, 'physician'],
    ['207V00000X', 'Obstetrics & Gynecology Physician', 25, 'physician'],
    ['207P00000X', 'Emergency Medicine Physician', 25, 'physician'],
    ['207L00000X', 'Anesthesiology Physician', 25, 'physician'],
    ['2085R0202X', 'Diagnostic Radiology Physician', 20, 'physician'],
    ['207RC0000X', 'Cardiovascular Disease Physician', 18, 'physician'],
    ['207RI0011X', 'Interventional Cardiology Physician', 3, 'physician'],
    ['207RG0100X', 'Gastroenterology Physician', 10, 'physician'],
    ['207RE0101X', 'Endocrinology, Diabetes & Metabolism Physician', 6, 'physician'],
    ['207RN0300X', 'Nephrology Physician', 6, 'physician'],
    ['207RP1001X', 'Pulmonary Disease Physician', 7, 'physician'],
    ['207RH0003X', 'Hematology & Oncology Physician', 9, 'physician'],
    ['207RI0200X', 'Infectious Disease Physician', 5, 'physician'],
    ['207RR0500X', 'Rheumatology Physician', 4, 'physician'],
    ['207RG0300X', 'Geriatric Medicine (Internal Medicine) Physician', 3, 'physician'],
    ['207N00000X', 'Dermatology Physician', 10, 'physician'],
    ['207W00000X', 'Ophthalmology Physician', 12, 'physician'],
    ['207X00000X', 'Orthopaedic Surgery Physician', 16, 'physician'],
    ['208600000X', 'Surgery Physician', 18, 'physician'],
    ['2086S0129X', 'Vascular Surgery Physician', 3, 'physician'],
    ['208G00000X', 'Thoracic Surgery (Cardiothoracic Vascular Surgery) Physician', 3, 'physician'],
    ['207T00000X', 'Neurological Surgery Physician', 4, 'physician'],
    ['208200000X', 'Plastic Surgery Physician', 4, 'physician'],
    ['207Y00000X', 'Otolaryngology Physician', 7, 'physician'],
    ['208800000X', 'Urology Physician', 8, 'physician'],
    ['2084P0800X', 'Psychiatry Physician', 25, 'physician'],
    ['2084N0400X', 'Neurology Physician', 12, 'physician'],
    ['208100000X', 'Physical Medicine & Rehabilitation Physician', 7, 'physician'],
    ['207K00000X', 'Allergy & Immunology Physician', 3, 'physician'],
    ['2085R0001X', 'Radiation Oncology Physician', 3, 'physician'],
    ['207VM0101X', 'Maternal & Fetal Medicine Physician', 2, 'physician'],
    ['2080N0001X', 'Neonatal-Perinatal Medicine Physician', 3, 'physician'],
    ['204C00000X', 'Sports Medicine (Neuromusculoskeletal Medicine) Physician', 2, 'physician'],
    ['363L00000X', 'Nurse Practitioner', 35, 'nursePractitioner'],
    ['363LF0000X', 'Family Nurse Practitioner', 45, 'nursePractitioner'],
    ['363LA2200X', 'Adult Health Nurse Practitioner', 8, 'nursePractitioner'],
    ['363LP0808X', 'Psychiatric/Mental Health Nurse Practitioner', 10, 'nursePractitioner'],
    ['363LP0200X', 'Pediatric Nurse Practitioner', 5, 'nursePractitioner'],
    ['367500000X', 'Certified Registered Nurse Anesthetist', 20, 'nurseAnesthetist'],
    ['367A00000X', 'Advanced Practice Midwife', 3, 'midwife'],
    ['363A00000X', 'Physician Assistant', 40, 'physicianAssistant'],
    ['363AM0700X', 'Medical Physician Assistant', 15, 'physicianAssistant'],
    ['1223G0001X', 'General Practice Dentistry', 45, 'dentist'],
    ['122300000X', 'Dentist', 15, 'dentist'],
    ['1223P0221X', 'Pediatric Dentist', 5, 'dentist'],
    ['1223X0400X', 'Orthodontics and Dentofacial Orthopedic Dentist', 5, 'dentist'],
    ['1223S0112X', 'Oral and Maxillofacial Surgery (Dentist)', 3, 'dentist'],
    ['152W00000X', 'Optometrist', 25, 'optometrist'],
    ['111N00000X', 'Chiropractor', 25, 'chiropractor'],
    ['213E00000X', 'Podiatrist', 10, 'podiatrist'],
    ['103T00000X', 'Psychologist', 15, 'psychologist'],
    ['103TC0700X', 'Clinical Psychologist', 10, 'psychologist'],
    ['1041C0700X', 'Clinical Social Worker', 40, 'socialWorker'],
    ['101YP2500X', 'Professional Counselor', 30, 'counselor'],
    ['101YM0800X', 'Mental Health Counselor', 20, 'counselor'],
    ['106H00000X', 'Marriage & Family Therapist', 12, 'familyTherapist'],
    ['225100000X', 'Physical Therapist', 40, 'physicalTherapist'],
    ['225X00000X', 'Occupational Therapist', 15, 'occupationalTherapist'],
    ['235Z00000X', 'Speech-Language Pathologist', 12, 'speechPathologist'],
    ['231H00000X', 'Audiologist', 4, 'audiologist'],
    ['133V00000X', 'Registered Dietitian', 6, 'dietitian'],
    ['183500000X', 'Pharmacist', 5, 'pharmacist'],
  ] as const
).map(([code, display, weight, kind]) => ({ code, display, weight, kind }));

/** Specialties of pharmacy OrganizationAffiliations and HealthcareServices (NUCC 3336*). */
export const PHARMACY_SPECIALTIES: readonly Pick<NuccSpecialty, 'code' | 'display'>[] = [
  { code: '333600000X', display: 'Pharmacy' },
  { code: '3336C0003X', display: 'Community/Retail Pharmacy' },
  { code: '3336C0002X', display: 'Clinic Pharmacy' },
  { code: '3336H0001X', display: 'Home Infusion Therapy Pharmacy' },
  { code: '3336L0003X', display: 'Long Term Care Pharmacy' },
  { code: '3336M0002X', display: 'Mail Order Pharmacy' },
  { code: '3336S0011X', display: 'Specialty Pharmacy' },
];

/** Specialties of generated facilities' affiliations and services, by kind (the first is always given). */
export const FACILITY_SPECIALTIES = {
  hospital: [{ code: '282N00000X', display: 'General Acute Care Hospital' }],
  urgentCare: [{ code: '261QU0200X', display: 'Urgent Care Clinic/Center' }],
  lab: [{ code: '291U00000X', display: 'Clinical Medical Laboratory' }],
  behavioral: [{ code: '261QM0801X', display: 'Mental Health Clinic/Center (Including Community Mental Health Center)' }],
} as const satisfies Record<string, readonly Pick<NuccSpecialty, 'code' | 'display'>[]>;
