import { badUserInput, listingKey, notFound, requirePermission, type FieldError, type ListingType, type RequestContext } from '@kayak/common';
import type { ListingExists } from '../clients/listingDirectory.js';
import type { ImageModel } from '../models.js';
import type { ImageRepository } from '../repositories/images.js';
import { checkHttpUrl, checkJsonObject, checkListingId } from './validation.js';

export interface AddImageInput {
  listingType: ListingType;
  listingId: string;
  imageUrl: string;
  metadata?: Record<string, unknown> | null;
}

export interface UpdateImageInput {
  imageUrl?: string | null;
  metadata?: Record<string, unknown> | null;
}

export function validateAddImage(input: AddImageInput): FieldError[] {
  const errors: FieldError[] = [];
  checkListingId(errors, 'input.listingId', input.listingId);
  checkHttpUrl(errors, 'input.imageUrl', input.imageUrl);
  if (input.metadata != null) checkJsonObject(errors, 'input.metadata', input.metadata);
  return errors;
}

export function validateUpdateImage(input: UpdateImageInput): FieldError[] {
  if (input.imageUrl == null && input.metadata == null) return [{ path: 'input', message: 'give imageUrl or metadata' }];
  const errors: FieldError[] = [];
  if (input.imageUrl != null) checkHttpUrl(errors, 'input.imageUrl', input.imageUrl);
  if (input.metadata != null) checkJsonObject(errors, 'input.metadata', input.metadata);
  return errors;
}

export interface ImageServiceDeps {
  images: ImageRepository;
  /** Whether a listing exists (the listings subgraph, batched per request). */
  listingExists: ListingExists;
  now?: () => Date;
}

/** Image metadata of listings: managed by listing admins, read by anyone. One per request (its viewer). */
export function createImageService({ images, listingExists, now = () => new Date() }: ImageServiceDeps, { viewer, cacheTags }: Pick<RequestContext, 'viewer' | 'cacheTags'>) {
  /** The listing of a changed image is a cache tag of the answer: cached listing pages showing it are dropped. */
  const changed = (image: ImageModel): ImageModel => {
    cacheTags.add(listingKey(image.listingType, image.listingId));
    return image;
  };
  return {
    async add(input: AddImageInput): Promise<ImageModel> {
      requirePermission(viewer, 'listing-images:manage');
      const errors = validateAddImage(input);
      if (errors.length > 0) throw badUserInput(errors);
      if (!(await listingExists(input))) throw badUserInput([{ path: 'input.listingId', message: `no ${input.listingType} with this id` }]);
      const at = now();
      return changed(await images.insert({ listingType: input.listingType, listingId: input.listingId, imageUrl: input.imageUrl, metadata: input.metadata ?? {}, createdAt: at }));
    },

    async update(imageId: string, input: UpdateImageInput): Promise<ImageModel> {
      requirePermission(viewer, 'listing-images:manage');
      const errors = validateUpdateImage(input);
      if (errors.length > 0) throw badUserInput(errors);
      const updated = await images.update(
        imageId,
        { ...(input.imageUrl != null ? { image_url: input.imageUrl } : {}), ...(input.metadata != null ? { metadata: input.metadata } : {}) },
        now(),
      );
      if (!updated) throw notFound('Image');
      return changed(updated);
    },

    async delete(imageId: string): Promise<string> {
      requirePermission(viewer, 'listing-images:manage');
      const deleted = await images.delete(imageId);
      if (!deleted) throw notFound('Image');
      changed(deleted);
      return imageId;
    },
  };
}

export type ImageService = ReturnType<typeof createImageService>;
