package dev.patchbay.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressTest {

    @Test
    void parsesSchemeNameAndParameters() {
        Address a = Address.parse("SHM:orders?size=4m&flavor=posix&wait=spin%20yield");
        assertThat(a.scheme()).isEqualTo("shm");
        assertThat(a.name()).isEqualTo("orders");
        assertThat(a.param("flavor", "")).isEqualTo("posix");
        assertThat(a.sizeParam("size", 0)).isEqualTo(4L << 20);
        assertThat(a.param("wait")).contains("spin yield");
        assertThat(a.toString()).isEqualTo("shm:orders?size=4m&flavor=posix&wait=spin%20yield");
        assertThat(Address.parse(a.toString())).isEqualTo(a);
    }

    @Test
    void keepsAPlusSignLiteral() {
        assertThat(Address.parse("pipe:child?exec=a+b").param("exec", "")).isEqualTo("a+b");
        Address built = Address.parse("pipe:child").withParam("exec", "exec 'java' -cp a:b Main +x");
        assertThat(Address.parse(built.toString()).param("exec", "")).isEqualTo("exec 'java' -cp a:b Main +x");
    }

    @Test
    void readsSizesAndDurations() {
        Address a = Address.parse("x:y?a=64k&b=1g&c=500ms&d=5s&e=250&f=2m");
        assertThat(a.sizeParam("a", 0)).isEqualTo(65536);
        assertThat(a.sizeParam("b", 0)).isEqualTo(1L << 30);
        assertThat(a.durationParam("c", null)).isEqualTo(Duration.ofMillis(500));
        assertThat(a.durationParam("d", null)).isEqualTo(Duration.ofSeconds(5));
        assertThat(a.durationParam("e", null)).isEqualTo(Duration.ofMillis(250));
        assertThat(a.durationParam("f", null)).isEqualTo(Duration.ofMinutes(2));
        assertThat(a.sizeParam("missing", 7)).isEqualTo(7);
        assertThatThrownBy(() -> Address.parse("x:y?a=lots").sizeParam("a", 0))
                .isInstanceOf(AddressException.class).hasMessageContaining("a='lots' is not a size");
        assertThatThrownBy(() -> Address.parse("x:y?a=-1").sizeParam("a", 0))
                .isInstanceOf(AddressException.class);
    }

    @Test
    void refusesUnsafeOrMalformedText() {
        assertThatThrownBy(() -> Address.parse("fifo:../etc/passwd"))
                .isInstanceOf(AddressException.class).hasMessageContaining("'..' is not allowed");
        assertThatThrownBy(() -> Address.parse("mmap:/var/lib/../../etc/shadow"))
                .isInstanceOf(AddressException.class).hasMessageContaining("unsafe");
        assertThatThrownBy(() -> Address.parse("fifo:a\u0000b"))
                .isInstanceOf(AddressException.class).hasMessageContaining("control character");
        assertThatThrownBy(() -> Address.parse("orders"))
                .isInstanceOf(AddressException.class).hasMessageContaining("no scheme");
        assertThatThrownBy(() -> Address.parse(""))
                .isInstanceOf(AddressException.class).hasMessageContaining("empty address");
        assertThatThrownBy(() -> Address.parse("9p:x"))
                .isInstanceOf(AddressException.class).hasMessageContaining("invalid scheme");
        assertThatThrownBy(() -> Address.parse("x:y?a=1&a=2"))
                .isInstanceOf(AddressException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> Address.parse("x:y?a=%zz"))
                .isInstanceOf(AddressException.class).hasMessageContaining("%-escape");
        assertThat(Address.parse("shm:a/b").name()).isEqualTo("a/b");
    }

    @Test
    void keepsFilesInsideTheirFolder(@TempDir Path root) {
        assertThat(Address.parse("fifo:orders").pathUnder(root)).isEqualTo(root.resolve("orders"));
        Path inside = root.resolve("orders").toAbsolutePath();
        assertThat(Address.parse("fifo:" + inside).pathUnder(root)).isEqualTo(inside);
        assertThatThrownBy(() -> Address.parse("fifo:/etc/passwd").pathUnder(root))
                .isInstanceOf(AddressException.class).hasMessageContaining("outside");
        assertThatThrownBy(() -> Address.parse("fifo:a/b").pathUnder(root))
                .isInstanceOf(AddressException.class).hasMessageContaining("plain name");
        assertThatThrownBy(() -> Address.parse("fifo:.hidden").plainName())
                .isInstanceOf(AddressException.class);
    }
}
