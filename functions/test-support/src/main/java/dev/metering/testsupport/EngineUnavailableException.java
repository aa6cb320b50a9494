package dev.metering.testsupport;

/**
 * The chosen engine cannot be had here. Its message is the whole story (what was asked, what is
 * missing, what to do), so it carries no stack trace to bury that sentence under.
 */
public final class EngineUnavailableException extends RuntimeException {

    public EngineUnavailableException(String sentence) {
        super(sentence, null, false, false);
    }
}
