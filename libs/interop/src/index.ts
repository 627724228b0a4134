// Interoperability exports of the register: NGSI-LD entities (FIWARE Smart Data Models) for
// context brokers and GeoJSON for GIS tools. Pure mappings; the apps serve or write them.
export * from './interop.error';
export * from './timestamps';
export * from './ngsi-ld';
export * from './geojson';
export * from './spreadsheet';
