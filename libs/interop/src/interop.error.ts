// Errors of the export mappings. They are programming or data errors (a traffic sensor
// handed to the camera mapping, a timestamp without an offset, a hook overwriting a base
// property), so they throw instead of producing a half-right export.

export type InteropErrorCode = 'not_a_camera' | 'invalid_timestamp' | 'property_collision' | 'invalid_number' | 'invalid_sheet';

export class InteropError extends Error {
  constructor(
    readonly code: InteropErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'InteropError';
  }
}
