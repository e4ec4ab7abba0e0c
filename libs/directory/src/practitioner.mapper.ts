import { findExtensions, PLAN_NET_EXTENSION, type FhirResource } from '@pds/fhir';
import type { Qualification } from '@pds/search';
import { asArray, asObject, asText, codings, distinctBy } from './fhir-json-reader';

export const NPI_SYSTEM = 'http://hl7.org/fhir/sid/us-npi';
export const BCP47_SYSTEM = 'urn:ietf:bcp:47';

/** A language tag's shape: a 2–3 letter primary language and optional subtags. */
const BCP47_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;

/** What a search document takes from a Practitioner. */
export interface PractitionerFields {
  npi: string | null;
  name: string | null;
  familyName: string | null;
  gender: string | null;
  languages: string[];
  qualifications: Qualification[];
}

/**
 * Reads the searchable fields of a Practitioner. Its `address` is deliberately ignored: it is
 * not the practice site (a Location is).
 */
export function mapPractitioner(practitioner: FhirResource): PractitionerFields {
  const name = asObject(asArray(practitioner.name)[0]);
  return {
    npi: readNpi(practitioner),
    name: name ? readHumanName(name) : null,
    familyName: asText(name?.family),
    gender: asText(practitioner.gender),
    languages: readLanguages(practitioner),
    qualifications: distinctBy(
      asArray(practitioner.qualification).flatMap(readQualifications),
      (qualification) => [qualification.code, qualification.issuer, qualification.identifier].join('|'),
    ),
  };
}

/** One qualification per coding of its code, with issuer, number, period and Plan-Net status and states. */
function readQualifications(item: unknown): Qualification[] {
  const qualification = asObject(item);
  if (!qualification) return [];
  const issuer = asObject(qualification.issuer);
  const period = asObject(qualification.period);
  const planNet = findExtensions(qualification, PLAN_NET_EXTENSION.practitionerQualification);
  const parts = (url: string) => planNet.flatMap((extension) => findExtensions(extension, url));
  const shared = {
    issuer: asText(issuer?.display) ?? null,
    identifier: asText(asObject(asArray(qualification.identifier)[0])?.value),
    status: parts('status').map((part) => asText(part.valueCode))[0] ?? null,
    whereValid: [...new Set(parts('whereValid').flatMap((part) => codings(part.valueCodeableConcept).map(({ code }) => code.toUpperCase())))],
    periodStart: asText(period?.start),
    periodEnd: asText(period?.end),
  };
  return codings(qualification.code).map(({ code, display }) => ({ code, display, ...shared }));
}

/** The NPI among a Practitioner's or Organization's identifiers. */
export function readNpi(resource: FhirResource): string | null {
  for (const item of asArray(resource.identifier)) {
    const identifier = asObject(item);
    // asText stringifies the JSON numbers some servers publish NPIs as.
    if (identifier?.system === NPI_SYSTEM && asText(identifier.value)) return asText(identifier.value);
  }
  return null;
}

/** `text` when published, else prefix, given, family and suffix joined. */
function readHumanName(name: Record<string, unknown>): string | null {
  const text = asText(name.text);
  if (text) return text;
  const parts = [...asArray(name.prefix), ...asArray(name.given), name.family, ...asArray(name.suffix)];
  const joined = parts.flatMap((part) => asText(part) ?? []).join(' ');
  return joined === '' ? null : joined;
}

/**
 * BCP-47 codes of `communication`: codings in the BCP-47 system, and system-less codings
 * whose code has a language tag's shape (servers drop the system more often than they invent
 * codes). The primary subtag is lower-cased so "EN" and "en" filter alike; the rest is kept.
 */
function readLanguages(practitioner: FhirResource): string[] {
  const tags = asArray(practitioner.communication).flatMap((communication) =>
    codings(communication).flatMap(({ system, code }) =>
      (system === BCP47_SYSTEM || system === null) && BCP47_TAG.test(code)
        ? [code.replace(/^[A-Za-z]+/, (primary) => primary.toLowerCase())]
        : [],
    ),
  );
  return [...new Set(tags)];
}
