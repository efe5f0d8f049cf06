package dev.smctl.mirror;

import java.io.IOException;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every public or protected signature a compiled class declares, one line each, in the notation of the checked
 * list: the type (kind, modifiers, type parameters, supertypes), an annotation type's retention and targets, each
 * field, and each constructor and method as {@code toGenericString()} prints it (modifiers, type parameters, return
 * type, parameters, checked exceptions).
 */
final class MirrorSignatures {
    private MirrorSignatures() {
    }

    static List<String> of(Class<?> type) {
        List<String> lines = new ArrayList<>();
        lines.add(declaration(type));
        if (type.isAnnotation()) {
            Retention retention = type.getAnnotation(Retention.class);
            Target target = type.getAnnotation(Target.class);
            lines.add("annotation %s retention %s targets %s".formatted(type.getName(), retention == null ? "CLASS" : retention.value(),
                    target == null ? "[]" : Arrays.toString(target.value())));
        }
        Arrays.stream(type.getDeclaredFields())
                .filter(field -> !field.isSynthetic() && (Modifier.isPublic(field.getModifiers()) || Modifier.isProtected(field.getModifiers())))
                .map(field -> "field " + field.toGenericString())
                .sorted()
                .forEach(lines::add);
        Stream.concat(Arrays.stream(type.getDeclaredConstructors()), Arrays.stream(type.getDeclaredMethods()))
                .filter(member -> !member.isSynthetic() && !(member instanceof Method method && method.isBridge()))
                .filter(member -> Modifier.isPublic(member.getModifiers()) || Modifier.isProtected(member.getModifiers()))
                .map(MirrorSignatures::member)
                .sorted()
                .forEach(lines::add);
        return lines;
    }

    private static String member(Executable member) {
        String text = member instanceof Constructor<?> constructor ? constructor.toGenericString() : ((Method) member).toGenericString();
        return (member instanceof Constructor<?> ? "constructor " : "method ") + text;
    }

    private static String declaration(Class<?> type) {
        String kind = type.isAnnotation() ? "@interface" : type.isInterface() ? "interface" : "class";
        int modifiers = type.getModifiers() & ~(type.isInterface() ? Modifier.ABSTRACT | Modifier.INTERFACE : 0);
        StringBuilder line = new StringBuilder("type ").append(Modifier.toString(modifiers)).append(' ').append(kind).append(' ')
                .append(type.getName());
        TypeVariable<?>[] parameters = type.getTypeParameters();
        if (parameters.length > 0) {
            line.append(Arrays.stream(parameters).map(MirrorSignatures::typeParameter).collect(Collectors.joining(",", "<", ">")));
        }
        if (type.getGenericSuperclass() != null && type.getGenericSuperclass() != Object.class) {
            line.append(" extends ").append(type.getGenericSuperclass().getTypeName());
        }
        Type[] interfaces = type.isAnnotation() ? new Type[0] : type.getGenericInterfaces();
        if (interfaces.length > 0) {
            line.append(type.isInterface() ? " extends " : " implements ")
                    .append(Arrays.stream(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
        }
        if (type.isAnnotationPresent(Deprecated.class)) {
            line.append(" @Deprecated");
        }
        return line.toString().replace("  ", " ");
    }

    private static String typeParameter(TypeVariable<?> variable) {
        Type[] bounds = variable.getBounds();
        boolean plain = bounds.length == 1 && bounds[0] == Object.class;
        return plain ? variable.getName()
                : variable.getName() + " extends " + Arrays.stream(bounds).map(Type::getTypeName).collect(Collectors.joining(" & "));
    }

    /** The binary names of every class under a class-output directory. */
    static List<String> classesIn(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> root.relativize(f).toString().replace(".class", "").replace('/', '.'))
                    .sorted().toList();
        }
    }
}
