package webchat.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DisplayNameTest {

    private static final String ID = "Tq5nXfM9oAMCJcw=";

    static Stream<Arguments> acceptedNames() {
        return Stream.of(
                Arguments.of("plain", "Ana", "Ana"),
                Arguments.of("spaces around are stripped", "  Ana Lima \t", "Ana Lima"),
                Arguments.of("no-break spaces around are stripped", "\u00A0\u2007Ana\u202F", "Ana"),
                Arguments.of("HTML is just text", "<b>x</b>", "<b>x</b>"),
                Arguments.of("script tag is just text", "<script>alert(1)</script>", "<script>alert(1)</script>"),
                Arguments.of("Arabic (right-to-left letters, no override)", "سلمى", "سلمى"),
                Arguments.of("emoji count as one character each", "🦊".repeat(32), "🦊".repeat(32)),
                Arguments.of("exactly 32 characters", "a".repeat(32), "a".repeat(32)),
                Arguments.of("a space inside stays", "Ana  Lima", "Ana  Lima"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptedNames")
    void aValidNameIsStoredStripped(String why, String requested, String stored) {
        var name = DisplayName.choose(requested, ID);

        assertEquals(stored, name.value());
        assertFalse(name.isFallback());
        assertNull(name.fallbackReason());
    }

    static Stream<Arguments> refusedNames() {
        return Stream.of(
                Arguments.of("missing", null, "no name was given"),
                Arguments.of("empty", "", "empty"),
                Arguments.of("whitespace only", " \t\u00A0\u3000 ", "empty"),
                Arguments.of("200 characters", "x".repeat(200), "200 characters long, over 32"),
                Arguments.of("33 characters", "x".repeat(33), "33 characters long"),
                Arguments.of("a bell (control)", "Ana\u0007", "U+0007"),
                Arguments.of("a newline inside", "Ana\nLima", "U+000A"),
                Arguments.of("DEL (control)", "Ana\u007F", "U+007F"),
                Arguments.of("C1 control", "Ana\u0085x", "U+0085"),
                Arguments.of("right-to-left override", "evil\u202Egnp.exe", "U+202E"),
                Arguments.of("left-to-right embedding", "\u202AAna", "U+202A"),
                Arguments.of("right-to-left isolate", "Ana\u2067x", "U+2067"),
                Arguments.of("pop directional isolate", "Ana\u2069x", "U+2069"),
                Arguments.of("right-to-left mark", "Ana\u200F", "U+200F"),
                Arguments.of("Arabic letter mark", "Ana\u061C", "U+061C"),
                Arguments.of("zero-width space", "An\u200Ba", "U+200B"),
                Arguments.of("zero-width joiner", "An\u200Da", "U+200D"),
                Arguments.of("line separator", "Ana\u2028Lima", "U+2028"),
                Arguments.of("paragraph separator", "Ana\u2029Lima", "U+2029"),
                Arguments.of("lone surrogate", "Ana\uD800", "U+D800"),
                Arguments.of("private use", "Ana\uE000", "U+E000"),
                Arguments.of("unassigned", "Ana\u0378", "U+0378"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedNames")
    void anInvalidOrMissingNameGetsTheFallbackAndAReason(String why, String requested, String reason) {
        var name = DisplayName.choose(requested, ID);

        assertEquals(DisplayName.fallbackFor(ID), name.value());
        assertTrue(name.isFallback());
        assertTrue(name.fallbackReason().contains(reason), name.fallbackReason());
    }

    @Test
    void theFallbackIsGuestAndTheFirstFourUpperCaseHexDigitsOfTheIdsSha256() throws Exception {
        String expected = "Guest-" + HexFormat.of().withUpperCase().formatHex(
                MessageDigest.getInstance("SHA-256").digest(ID.getBytes(StandardCharsets.UTF_8))).substring(0, 4);

        assertEquals(expected, DisplayName.fallbackFor(ID));
        assertTrue(DisplayName.fallbackFor(ID).matches("Guest-[0-9A-F]{4}"));
        assertEquals(DisplayName.fallbackFor(ID), DisplayName.choose(null, ID).value());
    }

    @Test
    void theGuestNameOfAKnownIdIsPinned() {
        // SendMessageFunction's ProtocolTest pins the same id to the same name: the two copies cannot drift apart
        assertEquals("Guest-FE57", DisplayName.fallbackFor("Tq5nXfM9oAMCJcw="));
    }
}
