// Size limits of procedure uploads. The request limit is MAX_DEPLOYMENT_BYTES (config.maxDeploymentBytes);
// one file may be at most 2 MiB or the request limit, whichever is smaller. At most MAX_FILES files.

export const MAX_FILE_BYTES = 2 * 1024 * 1024
export const MAX_FILES = 50
export const MAX_COMMENT_LENGTH = 500

export interface UploadLimits {
  maxRequestBytes: number
  maxFileBytes: number
  maxFiles: number
}

export function uploadLimits(maxDeploymentBytes: number): UploadLimits {
  return { maxRequestBytes: maxDeploymentBytes, maxFileBytes: Math.min(MAX_FILE_BYTES, maxDeploymentBytes), maxFiles: MAX_FILES }
}
