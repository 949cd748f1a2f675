import { UPLOAD_CHUNK_BYTES } from '@shared/contract/import'
import { call } from '../../api'

function base64Of(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''))
    reader.onerror = () => reject(reader.error ?? new Error('The file could not be read.'))
    reader.readAsDataURL(blob)
  })
}

/**
 * Hands a dropped file to main in 1 MB chunks (the renderer never gets a path), so memory and each
 * IPC message stay small whatever the file's size. Returns the upload id main reads it by.
 */
export async function uploadFile(file: File, progress: (bytes: number) => void): Promise<string> {
  const { uploadId } = await call((a) =>
    a.import.uploadBegin({ name: file.name.slice(0, 255) || 'upload', size: file.size }),
  )
  for (let offset = 0; offset < file.size; offset += UPLOAD_CHUNK_BYTES) {
    const data = await base64Of(file.slice(offset, offset + UPLOAD_CHUNK_BYTES))
    const { received } = await call((a) => a.import.uploadChunk({ uploadId, offset, data }))
    progress(received)
  }
  progress(file.size)
  return uploadId
}
