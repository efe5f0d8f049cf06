package hudson;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Mirror (jenkins-api.md §7, §13). The real annotation is also meta-annotated with sezpoz's {@code @Indexable},
 * whose annotation processor writes the extension index; the mirror leaves it out so that nothing built here
 * could pass for a registered extension.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.FIELD, ElementType.METHOD})
@Documented
public @interface Extension {
    double ordinal() default 0;
}
