package dev.tally.usage.app;

/** The answer to one Track item: its response, or the error Track returns for it. */
public record TrackAnswer<P>(P response, Throwable error) {

    public static <P> TrackAnswer<P> of(P response) {
        return new TrackAnswer<>(response, null);
    }

    public static <P> TrackAnswer<P> failed(Throwable error) {
        return new TrackAnswer<>(null, error);
    }
}
