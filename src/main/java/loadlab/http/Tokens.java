package loadlab.http;

/**
 * Character classes of RFC 9110 section 5.6 and RFC 3986: what may appear in names, targets, values
 * and the Host header.
 */
final class Tokens {

    private Tokens() { }

    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isTchar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    /** Visible ASCII, no spaces: what a request target is made of. */
    static boolean isVisible(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** Visible characters, space, tab and obs-text; no other control character (VT, FF, NUL, DEL...). */
    static boolean isFieldValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return false;
            }
        }
        return true;
    }

    /**
     * Strips optional whitespace, which is SP and HTAB only (RFC 9110, 5.6.3). {@link String#strip()}
     * would also take VT, FF and the separators 0x1C to 0x1F, and read {@code "\u000b5"} as 5.
     */
    static String trimOws(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isOws(s.charAt(from))) {
            from++;
        }
        while (to > from && isOws(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * The Host header's value: {@code uri-host [ ":" port ]} (RFC 9112, 3.2; RFC 3986, 3.2.2). The
     * host is an IP literal in brackets, or a reg-name (which includes IPv4 addresses): unreserved
     * characters, percent-encodings and sub-delims. It may be empty; the port is digits.
     */
    static boolean isHostAndPort(String s) {
        int portColon;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0 || !isIpLiteral(s.substring(1, close))) {
                return false;
            }
            portColon = close + 1;
            if (portColon < s.length() && s.charAt(portColon) != ':') {
                return false;
            }
        } else {
            portColon = s.indexOf(':');
            if (!isRegName(portColon < 0 ? s : s.substring(0, portColon))) {
                return false;
            }
        }
        return portColon < 0 || portColon >= s.length() || isDigits(s.substring(portColon + 1), true);
    }

    /** {@code host ":" port}, both present: the authority-form of a CONNECT request's target. */
    static boolean isAuthorityForm(String s) {
        int colon = s.lastIndexOf(':');
        return colon > 0 && colon > s.lastIndexOf(']') && isDigits(s.substring(colon + 1), false) && isHostAndPort(s);
    }

    private static boolean isRegName(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            } else if (!isUnreserved(c) && "!$&'()*+,;=".indexOf(c) < 0) {
                return false;
            }
        }
        return true;
    }

    // IPv6 (hex digits, colons, and dots for an embedded IPv4) or IPvFuture ("v" HEXDIG "." ...).
    private static boolean isIpLiteral(String s) {
        if (s.isEmpty()) {
            return false;
        }
        if (s.charAt(0) == 'v' || s.charAt(0) == 'V') {
            int dot = s.indexOf('.');
            if (dot < 2 || dot == s.length() - 1 || !s.substring(1, dot).chars().allMatch(c -> isHex((char) c))) {
                return false;
            }
            return s.substring(dot + 1).chars().allMatch(c -> isUnreserved((char) c) || "!$&'()*+,;=:".indexOf(c) >= 0);
        }
        return s.contains(":") && s.chars().allMatch(c -> isHex((char) c) || c == ':' || c == '.');
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0;
    }

    static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isDigits(String s, boolean emptyAllowed) {
        if (s.isEmpty()) {
            return emptyAllowed;
        }
        return s.chars().allMatch(c -> c >= '0' && c <= '9');
    }
}
