package dev.tandem.inventory;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * An IPv4 or IPv6 address written in its canonical form: a bare address, or with {@link
 * #prefix()} an address with a prefix length ({@code 192.168.99.128/24}), or with {@link #network()}
 * a network ({@code 192.168.99.0/24}, no host bits). Null is valid (use {@code @NotNull}).
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = IpAddressValidator.class)
public @interface IpAddress {

  boolean prefix() default false;

  boolean network() default false;

  String message() default "must be an IP address";

  Class<?>[] groups() default {};

  Class<? extends Payload>[] payload() default {};
}
