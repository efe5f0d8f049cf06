package dev.smctl.mirror;

import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The mirror is exactly the checked list (src/test/resources/jenkins-api-signatures.txt, every line taken from
 * ../shared/docs/jenkins-api.md or, where that page only names a type, from the upstream source it summarises),
 * and it has no behaviour: each method body only throws UnsupportedOperationException, each constructor only
 * calls its superclass's, and nothing registers an extension or an annotation processor.
 */
class JenkinsMirrorTest {
    static final Path CLASSES = Path.of(Objects.requireNonNull(System.getProperty("mirror.classes"), "run through Maven: mirror.classes"));

    @Test
    void everySignatureInTheMirrorIsOnTheCheckedListAndEveryListedOneIsInTheMirror() throws Exception {
        TreeSet<String> actual = new TreeSet<>();
        for (String name : MirrorSignatures.classesIn(CLASSES)) {
            actual.addAll(MirrorSignatures.of(Class.forName(name)));
        }
        TreeSet<String> listed = new TreeSet<>();
        try (InputStream list = getClass().getResourceAsStream("/jenkins-api-signatures.txt")) {
            for (String line : new String(Objects.requireNonNull(list).readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String signature = line.replaceFirst("\\s*←.*$", "").strip();
                if (!signature.isEmpty() && !signature.startsWith("#")) {
                    assertThat(line).as("every listed signature names its source").contains("← ");
                    listed.add(signature);
                }
            }
        }

        TreeSet<String> unlisted = new TreeSet<>(actual);
        unlisted.removeAll(listed);
        TreeSet<String> missing = new TreeSet<>(listed);
        missing.removeAll(actual);
        assertThat(unlisted).as("in the mirror but not on the checked list").isEmpty();
        assertThat(missing).as("on the checked list but not in the mirror").isEmpty();
    }

    @Test
    void noMethodHasBehaviour() throws IOException {
        List<String> problems = new ArrayList<>();
        for (String name : MirrorSignatures.classesIn(CLASSES)) {
            byte[] bytes = Files.readAllBytes(CLASSES.resolve(name.replace('.', '/') + ".class"));
            new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9) {
                private String superName;

                @Override
                public void visit(int version, int access, String className, String signature, String superClass, String[] interfaces) {
                    superName = superClass;
                }

                @Override
                public MethodVisitor visitMethod(int access, String method, String descriptor, String signature, String[] exceptions) {
                    if ((access & (Opcodes.ACC_BRIDGE | Opcodes.ACC_SYNTHETIC)) != 0) {
                        return null; // javac's bridge for a covariant return: it only calls the declared method
                    }
                    return new BodyShape(name + "." + method + descriptor, method, superName, problems);
                }
            }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void registersNoExtensionAndRunsNoAnnotationProcessor() throws IOException {
        assertThat(CLASSES.resolve("META-INF/annotations")).doesNotExist();
        assertThat(CLASSES.resolve("META-INF/services")).doesNotExist();
        try (var files = Files.walk(CLASSES)) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> !f.toString().endsWith(".class")).toList())
                    .as("the mirror holds classes only").isEmpty();
        }
    }

    /**
     * Records a body's instructions and compares them with the only two shapes allowed: {@code throw new
     * UnsupportedOperationException()}, or a constructor that passes its arguments to its superclass's.
     */
    private static final class BodyShape extends MethodVisitor {
        private final String where;
        private final String method;
        private final String superName;
        private final List<String> problems;
        private final List<String> instructions = new ArrayList<>();

        BodyShape(String where, String method, String superName, List<String> problems) {
            super(Opcodes.ASM9);
            this.where = where;
            this.method = method;
            this.superName = superName;
            this.problems = problems;
        }

        @Override
        public void visitInsn(int opcode) {
            instructions.add(opcode == Opcodes.ATHROW ? "athrow" : opcode == Opcodes.RETURN ? "return" : opcode == Opcodes.DUP ? "dup" : "insn" + opcode);
        }

        @Override
        public void visitVarInsn(int opcode, int slot) {
            instructions.add(opcode == Opcodes.ALOAD ? "aload" : "var" + opcode);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            instructions.add((opcode == Opcodes.NEW ? "new " : "type ") + type);
        }

        @Override
        public void visitMethodInsn(int opcode, String owner, String method, String descriptor, boolean isInterface) {
            instructions.add((opcode == Opcodes.INVOKESPECIAL ? "invokespecial " : "invoke ") + owner + "." + method + descriptor);
        }

        @Override
        public void visitFieldInsn(int opcode, String owner, String name, String descriptor) {
            instructions.add("field " + owner + "." + name);
        }

        @Override
        public void visitLdcInsn(Object value) {
            instructions.add("ldc");
        }

        @Override
        public void visitJumpInsn(int opcode, org.objectweb.asm.Label label) {
            instructions.add("jump");
        }

        @Override
        public void visitIntInsn(int opcode, int operand) {
            instructions.add("int");
        }

        @Override
        public void visitEnd() {
            if (instructions.isEmpty()) {
                return; // abstract, or an annotation member
            }
            List<String> throwing = List.of("new java/lang/UnsupportedOperationException", "dup",
                    "invokespecial java/lang/UnsupportedOperationException.<init>()V", "athrow");
            boolean allowed = switch (method) {
                case "<init>" -> superOnly();
                case "<clinit>" -> fieldsDeclaredOnly();
                default -> instructions.equals(throwing);
            };
            if (!allowed) {
                problems.add(where + " has behaviour: " + instructions);
            }
        }

        /**
         * A static field has to be given a value to be declared final; the mirror gives it none: javac's static
         * initializer for {@code = null} (aconst_null, putstatic, for each field), then return.
         */
        private boolean fieldsDeclaredOnly() {
            int last = instructions.size() - 1;
            if (last < 0 || !instructions.get(last).equals("return") || last % 2 != 0) {
                return false;
            }
            for (int i = 0; i < last; i += 2) {
                if (!instructions.get(i).equals("insn" + Opcodes.ACONST_NULL) || !instructions.get(i + 1).startsWith("field ")) {
                    return false;
                }
            }
            return true;
        }

        /** aload 0, aload of each argument, invokespecial super.<init>, return. */
        private boolean superOnly() {
            int last = instructions.size() - 1;
            return last >= 2 && instructions.get(last).equals("return")
                    && instructions.get(last - 1).startsWith("invokespecial " + superName + ".<init>(")
                    && instructions.subList(0, last - 1).stream().allMatch("aload"::equals);
        }
    }
}
