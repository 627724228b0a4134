// Errors of the coverage rules. They are data errors the caller must fix (a camera with a
// field of view of 400°, a checkpoint in an area the index does not know), so they throw
// with a code instead of producing figures that are quietly wrong.

/**
 * `invalid_device`, `invalid_checkpoint`, `invalid_area`, `invalid_camera_model`,
 * `invalid_candidate_site`: a field is out of its domain (the message names it).
 * `unknown_area`: a checkpoint, a gap or a suggestion names an area that is not loaded.
 * `geodesic_no_convergence`: two points are nearly antipodal (never at camera ranges).
 */
export type CoverageErrorCode =
  | 'invalid_device'
  | 'invalid_checkpoint'
  | 'invalid_area'
  | 'invalid_camera_model'
  | 'invalid_candidate_site'
  | 'unknown_area'
  | 'geodesic_no_convergence';

export class CoverageInputError extends Error {
  constructor(
    readonly code: CoverageErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CoverageInputError';
  }
}
