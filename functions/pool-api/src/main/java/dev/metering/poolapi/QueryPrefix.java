package dev.metering.poolapi;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A route that takes, besides its named query parameters, every name that starts with this prefix. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface QueryPrefix {
    String value();
}
