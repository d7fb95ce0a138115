import type { FastifyPluginCallback } from 'fastify';
import { z } from 'zod';
import {
  BackupIdParamsSchema,
  BackupListSchema,
  BackupPartParamsSchema,
  BackupUploadStateSchema,
  CompletedBackupSchema,
  CreateBackupRequestSchema,
  MAX_PART_BYTES,
} from '../../../../src-shared/contract/cloud/backupsWire';
import {
  createBackup,
  deleteBackup,
  expectedPartSize,
  listBackups,
  loadBackup,
  markComplete,
  pruneAbandoned,
  pruneCompleted,
  putPart,
  readPart,
  storedTotals,
  toInfo,
  uploadState,
} from '../../backups/backupStore';
import { ApiError, ErrorBodySchema } from '../../http/errors';
import type { ZodTypeProvider } from '../../http/zodSchemas';
import { requireAuth } from '../../plugins/auth';

/*
 * Encrypted backups. The client encrypts before upload; these routes move opaque bytes.
 *  POST   /v1/backups                      start (or resume) an upload: id, size, part size
 *  GET    /v1/backups                      list the account's backups
 *  GET    /v1/backups/:id                  one backup, with the parts received so far
 *  PUT    /v1/backups/:id/parts/:index     upload one part (application/octet-stream)
 *  POST   /v1/backups/:id/complete         every part is here: seal it, apply retention
 *  GET    /v1/backups/:id/parts/:index     download one part of a completed backup
 *  DELETE /v1/backups/:id                  delete a backup
 * Authentication runs on onRequest, so an unauthenticated upload is refused before its
 * body is read.
 *
 * Uploading (start, parts, complete) is a paid cloud feature: it needs an active or
 * trialing subscription, or a past_due one inside its grace period (billing/entitlements.ts),
 * checked on onRequest too, so a lapsed account's part is refused before its bytes are read.
 * Listing, downloading and deleting never need one: whoever stored backups with us can
 * always get them back (restore) or erase them, whatever their subscription says.
 */

const errors = {
  400: ErrorBodySchema,
  401: ErrorBodySchema,
  402: ErrorBodySchema,
  404: ErrorBodySchema,
  409: ErrorBodySchema,
  413: ErrorBodySchema,
  415: ErrorBodySchema,
  429: ErrorBodySchema,
};

const notFound = () => new ApiError(404, 'backup_not_found', 'No such backup.');
const BinarySchema = z.custom<Buffer>((value) => Buffer.isBuffer(value), 'must be binary');
const DeletedSchema = z.object({ status: z.literal('deleted') });

export const backupRoutes: FastifyPluginCallback = (instance, _options, done) => {
  const app = instance.withTypeProvider<ZodTypeProvider>();
  // Parts are raw bytes; the parser exists only inside this plugin.
  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: MAX_PART_BYTES },
    (_request, body, parsed) => parsed(null, body),
  );
  const settings = app.config.backups;
  const uploader = [app.authenticate, app.requireEntitlement('cloud')];

  app.post(
    '/',
    {
      schema: {
        body: CreateBackupRequestSchema,
        response: { 200: BackupUploadStateSchema, 201: BackupUploadStateSchema, ...errors },
      },
      onRequest: uploader,
    },
    async (request, reply) => {
      const { userId } = requireAuth(request);
      const now = app.clock();
      const outcome = await app.db.transaction(
        async (tx) => {
          await pruneAbandoned(tx, new Date(now.getTime() - settings.abandonedAfterSeconds * 1000));
          const created = await createBackup(tx, userId, request.body, now);
          return created.ok ? { ...created, state: await uploadState(tx, created.row) } : created;
        },
        { userId },
      );
      if (!outcome.ok)
        throw new ApiError(409, 'backup_conflict', 'A backup with this id already exists.');
      return reply.code(outcome.created ? 201 : 200).send(outcome.state);
    },
  );

  app.get(
    '/',
    { schema: { response: { 200: BackupListSchema, ...errors } }, onRequest: app.authenticate },
    async (request) => {
      const { userId } = requireAuth(request);
      const rows = await app.db.transaction((tx) => listBackups(tx), { userId });
      return { backups: rows.map(toInfo) };
    },
  );

  app.get(
    '/:id',
    {
      schema: {
        params: BackupIdParamsSchema,
        response: { 200: BackupUploadStateSchema, ...errors },
      },
      onRequest: app.authenticate,
    },
    async (request) => {
      const { userId } = requireAuth(request);
      const state = await app.db.transaction(
        async (tx) => {
          const row = await loadBackup(tx, request.params.id);
          return row === undefined ? undefined : uploadState(tx, row);
        },
        { userId },
      );
      if (state === undefined) throw notFound();
      return state;
    },
  );

  app.put(
    '/:id/parts/:index',
    {
      schema: {
        params: BackupPartParamsSchema,
        body: BinarySchema,
        response: { 204: z.null(), ...errors },
      },
      onRequest: uploader,
      bodyLimit: MAX_PART_BYTES,
    },
    async (request, reply) => {
      const { userId } = requireAuth(request);
      const { id, index } = request.params;
      const data = request.body;
      const now = app.clock();
      await app.db.transaction(
        async (tx) => {
          const row = await loadBackup(tx, id, true);
          if (row === undefined) throw notFound();
          if (row.completed_at !== null)
            throw new ApiError(
              409,
              'backup_complete',
              'This backup is complete; it cannot change.',
            );
          if (index >= row.part_count)
            throw new ApiError(
              400,
              'part_out_of_range',
              `This backup has ${row.part_count} parts.`,
            );
          const size = expectedPartSize(row, index);
          if (data.length !== size)
            throw new ApiError(400, 'wrong_part_size', `Part ${index} must be ${size} bytes.`);
          await putPart(tx, userId, id, index, data, now);
        },
        { userId },
      );
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/:id/complete',
    {
      schema: { params: BackupIdParamsSchema, response: { 200: CompletedBackupSchema, ...errors } },
      onRequest: uploader,
    },
    async (request) => {
      const { userId } = requireAuth(request);
      const { id } = request.params;
      const now = app.clock();
      return app.db.transaction(
        async (tx) => {
          const row = await loadBackup(tx, id, true);
          if (row === undefined) throw notFound();
          if (row.completed_at !== null) return { backup: toInfo(row), pruned: [] };
          const stored = await storedTotals(tx, id);
          if (stored.parts !== row.part_count || stored.bytes !== row.total_bytes) {
            throw new ApiError(
              409,
              'backup_incomplete',
              `${row.part_count - stored.parts} of ${row.part_count} parts are still missing.`,
            );
          }
          const completed = await markComplete(tx, id, now);
          await app.audit(tx, {
            event: 'backup.uploaded',
            userId,
            ip: request.ip,
            details: { backupId: id, bytes: row.total_bytes },
          });
          const pruned = await pruneCompleted(tx, settings.retention);
          for (const gone of pruned) {
            await app.audit(tx, {
              event: 'backup.deleted',
              userId,
              ip: request.ip,
              details: { backupId: gone, reason: 'retention' },
            });
          }
          return { backup: toInfo(completed), pruned };
        },
        { userId },
      );
    },
  );

  app.get(
    '/:id/parts/:index',
    {
      schema: { params: BackupPartParamsSchema, response: { 200: BinarySchema, ...errors } },
      onRequest: app.authenticate,
    },
    async (request, reply) => {
      const { userId } = requireAuth(request);
      const { id, index } = request.params;
      const data = await app.db.transaction(
        async (tx) => {
          const row = await loadBackup(tx, id);
          if (row === undefined) throw notFound();
          if (row.completed_at === null)
            throw new ApiError(409, 'backup_not_complete', 'This backup is still uploading.');
          const part = index < row.part_count ? await readPart(tx, id, index) : undefined;
          if (part === undefined)
            throw new ApiError(404, 'part_not_found', `This backup has ${row.part_count} parts.`);
          if (index === 0) {
            await app.audit(tx, {
              event: 'backup.downloaded',
              userId,
              ip: request.ip,
              details: { backupId: id },
            });
          }
          return part;
        },
        { userId },
      );
      return reply.header('content-type', 'application/octet-stream').send(data);
    },
  );

  app.delete(
    '/:id',
    {
      schema: { params: BackupIdParamsSchema, response: { 200: DeletedSchema, ...errors } },
      onRequest: app.authenticate,
    },
    async (request) => {
      const { userId } = requireAuth(request);
      const { id } = request.params;
      const deleted = await app.db.transaction(
        async (tx) => {
          const gone = await deleteBackup(tx, id);
          if (gone) {
            await app.audit(tx, {
              event: 'backup.deleted',
              userId,
              ip: request.ip,
              details: { backupId: id, reason: 'user' },
            });
          }
          return gone;
        },
        { userId },
      );
      if (!deleted) throw notFound();
      return { status: 'deleted' as const };
    },
  );
  done();
};
