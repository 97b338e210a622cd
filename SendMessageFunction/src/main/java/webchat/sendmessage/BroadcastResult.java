package webchat.sendmessage;

/** What one broadcast did: every recipient is either delivered, pruned (gone, id deleted) or failed. */
record BroadcastResult(int recipients, int delivered, int pruned, int failed, long durationMs) {

    String summary() {
        return "Broadcast recipients=" + recipients + " delivered=" + delivered + " pruned=" + pruned
                + " failed=" + failed + " durationMs=" + durationMs;
    }
}
