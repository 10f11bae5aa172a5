package dev.mcphybrid.security;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The least role a REST method (or every method of a resource) needs; checked by {@link RoleCheck}. Without it,
 * any of the gateway's roles will do, which web.xml already demands.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RequiresRole {
    Role value();
}
