package dev.patchbay.host.channel;

import java.util.concurrent.CompletableFuture;

/**
 * A migration started by {@link Channel#migrateWhen}.
 *
 * @param switched completes once this side writes on the new link, or the migration ended without switching
 * @param ended    completes with the report when the migration has ended; fails with a
 *                 {@link dev.patchbay.api.PatchbayException} if the channel broke under it
 */
public record MigrationUnderWay(CompletableFuture<Void> switched, CompletableFuture<MigrationReport> ended) {
}
