package dev.smctl.report;

/** HTML escaping: every value from the cluster, the database, an alert or a user goes through {@link #text}. */
final class Html {
    private Html() {
    }

    static String text(Object value) {
        String text = value == null ? "" : value.toString();
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
