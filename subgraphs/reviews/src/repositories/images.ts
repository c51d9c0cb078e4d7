import { ObjectId, type Db } from 'mongodb';
import type { ImageModel, ListingKey, NewImage } from '../models.js';
import { COLLECTIONS, type ImageDocument } from './documents.js';
import { listingKeyOf } from './reviews.js';

export function toImageModel(doc: ImageDocument): ImageModel {
  return {
    imageId: doc._id.toHexString(),
    listingType: doc.entity_type,
    listingId: doc.entity_id,
    imageUrl: doc.image_url,
    metadata: doc.metadata ?? {},
    createdAt: doc.created_at,
    updatedAt: doc.updated_at ?? doc.created_at,
  };
}

const objectIdOf = (id: string): ObjectId | null => (/^[0-9a-f]{24}$/i.test(id) ? new ObjectId(id) : null);

export function createImageRepository(db: Db) {
  const images = db.collection<ImageDocument>(COLLECTIONS.images);
  return {
    async insert(image: NewImage): Promise<ImageModel> {
      const doc: ImageDocument = {
        _id: new ObjectId(),
        entity_type: image.listingType,
        entity_id: image.listingId,
        image_url: image.imageUrl,
        metadata: image.metadata,
        created_at: image.createdAt,
        updated_at: image.createdAt,
      };
      await images.insertOne(doc);
      return toImageModel(doc);
    },

    async update(imageId: string, changes: Partial<Pick<ImageDocument, 'image_url' | 'metadata'>>, now: Date): Promise<ImageModel | null> {
      const id = objectIdOf(imageId);
      if (!id) return null;
      const doc = await images.findOneAndUpdate({ _id: id }, { $set: { ...changes, updated_at: now } }, { returnDocument: 'after' });
      return doc ? toImageModel(doc) : null;
    },

    /** The deleted image, or null when there was none. */
    async delete(imageId: string): Promise<ImageModel | null> {
      const id = objectIdOf(imageId);
      if (!id) return null;
      const doc = await images.findOneAndDelete({ _id: id });
      return doc ? toImageModel(doc) : null;
    },

    /** Images of many listings with one `find`, grouped by listing key in creation order. */
    async findByListings(listings: ListingKey[]): Promise<Map<string, ImageModel[]>> {
      const result = new Map<string, ImageModel[]>();
      if (listings.length === 0) return result;
      const types = [...new Set(listings.map((listing) => listing.listingType))];
      const ids = [...new Set(listings.map((listing) => listing.listingId))];
      // Over-matching type×id pairs is harmless: rows are grouped by their exact key below.
      const docs = await images.find({ entity_type: { $in: types }, entity_id: { $in: ids } }).sort({ created_at: 1, _id: 1 }).toArray();
      for (const doc of docs) {
        const key = listingKeyOf(doc.entity_type, doc.entity_id);
        result.set(key, [...(result.get(key) ?? []), toImageModel(doc)]);
      }
      return result;
    },
  };
}

export type ImageRepository = ReturnType<typeof createImageRepository>;
