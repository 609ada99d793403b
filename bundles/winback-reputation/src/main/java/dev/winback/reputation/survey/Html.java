package dev.winback.reputation.survey;

/** The small, self-contained pages customers see: readable, accessible, with no script and nothing loaded. */
final class Html {
    private static final String STYLE = "body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;"
            + "padding:0 1rem;line-height:1.5;color:#1a1a1a}fieldset{border:1px solid #767676;padding:1rem}"
            + "legend{font-weight:600}.scores{display:flex;flex-wrap:wrap;gap:.25rem}"
            + ".scores label{padding:.25rem .5rem;border:1px solid #767676;border-radius:.25rem;min-width:1.5rem;"
            + "text-align:center}textarea{width:100%}button{font-size:1rem;padding:.5rem 1rem}"
            + ".error{color:#a4000f;font-weight:600}:focus{outline:3px solid #1a5fb4}";

    private Html() {
    }

    static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta name=\"robots\" content=\"noindex\">\n<title>" + escape(title) + "</title>\n<style>" + STYLE
                + "</style>\n</head>\n<body>\n<main>\n<h1>" + escape(title) + "</h1>\n" + body + "</main>\n</body>\n"
                + "</html>\n";
    }

    /** Text for HTML content and attribute values. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '&':
                    out.append("&amp;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                case '\'':
                    out.append("&#39;");
                    break;
                default:
                    out.append(ch);
            }
        }
        return out.toString();
    }
}
