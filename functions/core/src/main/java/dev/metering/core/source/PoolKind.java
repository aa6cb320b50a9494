package dev.metering.core.source;

/** The two pools of an account: what people use, and what automation uses. */
public enum PoolKind {
    INTERACTIVE,
    PROGRAMMATIC
}
