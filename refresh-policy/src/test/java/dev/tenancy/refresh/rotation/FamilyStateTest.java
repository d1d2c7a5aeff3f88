package dev.tenancy.refresh.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FamilyStateTest {

    @Test
    void encodesIntoOneNoteAndBack() {
        FamilyState state = FamilyState.rotated("0b3f-prev", "9c1d-head", 1_700_000_000_123L);
        assertThat(state.head()).isEqualTo("9c1d-head");
        assertThat(state.previous()).isEqualTo("0b3f-prev");
        assertThat(state.encode()).isEqualTo("1 9c1d-head 0b3f-prev 1700000000123");
        assertThat(FamilyState.decode(state.encode())).isEqualTo(state);
    }

    @Test
    void anUnreadableNoteIsNoState() {
        assertThat(FamilyState.decode(null)).isNull();
        assertThat(FamilyState.decode("")).isNull();
        assertThat(FamilyState.decode("2 a b 3")).isNull();
        assertThat(FamilyState.decode("1 a b")).isNull();
        assertThat(FamilyState.decode("1 a b notanumber")).isNull();
    }

    @Test
    void notesAreKeyedByFamilyWithThePackPrefix() {
        assertThat(FamilyState.noteKey("fam-1")).isEqualTo("tenancy.rt.fam-1");
    }

    @Test
    void evictsNothingBelowTheLimit() {
        Map<String, String> notes =
                Map.of("startedAt", "1", FamilyState.noteKey("a"), state(10), FamilyState.noteKey("b"), state(20));
        assertThat(FamilyState.evictable(notes, 3)).isEmpty();
    }

    @Test
    void evictsTheLeastRecentlyRotatedToMakeRoomForOneMore() {
        Map<String, String> notes = new LinkedHashMap<>();
        notes.put("startedAt", "1");
        notes.put(FamilyState.noteKey("new"), state(30));
        notes.put(FamilyState.noteKey("old"), state(10));
        notes.put(FamilyState.noteKey("mid"), state(20));
        notes.put(FamilyState.noteKey("broken"), "garbage");
        assertThat(FamilyState.evictable(notes, 3))
                .containsExactly(FamilyState.noteKey("broken"), FamilyState.noteKey("old"));
    }

    private static String state(long rotatedAt) {
        return new FamilyState("h", "p", rotatedAt).encode();
    }
}
