package webchat.sendmessage;

/**
 * What one broadcast did: every recipient is either delivered, pruned (gone, id deleted), skipped (gone but maybe
 * still inside $connect, id kept) or failed.
 */
record BroadcastResult(int recipients, int delivered, int pruned, int skipped, int failed, long durationMs) {

    String summary() {
        return "Broadcast recipients=" + recipients + " delivered=" + delivered + " pruned=" + pruned
                + " skipped=" + skipped + " failed=" + failed + " durationMs=" + durationMs;
    }
}
