// The demo province (Quảng Bình): key areas, checkpoints, gateways and devices, generated
// deterministically. Pure data, no I/O: the seed script, the simulator and tests share it.
export * from './demo-province.types';
export * from './demo-province';
export { DEMO_DISTRICTS, KEY_AREAS, type DemoDistrict, type KeyAreaDefinition } from './key-areas.data';
export { bearingDegrees, destination, distanceMetres, offsetMetres, pointInRing, roundCoord, type LonLat } from './geo';
export { hashSeed, intBetween, pick, seededRandom, uniform, weighted, type Rng } from './random';
