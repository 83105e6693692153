package dev.cairn.repo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.cairn.util.CairnException;
import java.util.List;
import org.junit.jupiter.api.Test;

class IniFileTest {

    @Test
    void readsDvcStyleConfig() {
        IniFile ini = IniFile.parse("""
                [core]
                    remote = storage
                # a comment
                ['remote "storage"']
                    url = s3://bucket/path
                    endpointurl = "http://localhost:9000"
                """, "config");
        assertEquals("storage", ini.get("core", "remote").value());
        assertEquals("s3://bucket/path", ini.get("remote \"storage\"", "url").value());
        assertEquals("http://localhost:9000", ini.get("remote \"storage\"", "endpointurl").value());
        assertEquals("config:5", ini.get("remote \"storage\"", "url").origin());
        assertEquals(List.of("core.remote=storage", "remote.storage.url=s3://bucket/path",
                "remote.storage.endpointurl=http://localhost:9000"), ini.list());
    }

    @Test
    void rendersWhatItReads() {
        IniFile ini = new IniFile();
        ini.set("core", "remote", "x");
        ini.set("remote \"x\"", "url", "/tmp/r");
        String text = ini.render();
        assertEquals("[core]\n    remote = x\n['remote \"x\"']\n    url = /tmp/r\n", text);
        assertEquals(ini.list(), IniFile.parse(text, "c").list());
    }

    @Test
    void errorsNameFileAndLine() {
        for (String[] c : new String[][] {
            {"[core\nremote = a\n", "config:1:1"},
            {"remote = a\n", "config:1:1"},
            {"[core]\njust words\n", "config:2:1"},
            {"[core]\na = 1\na = 2\n", "config:3:1"},
            {"[core]\n[core]\n", "config:2:1"}}) {
            CairnException e = assertThrows(CairnException.class, () -> IniFile.parse(c[0], "config"));
            assertEquals(CairnException.Kind.BAD_INPUT, e.kind());
            assertTrue(e.getMessage().startsWith(c[1]), e.getMessage());
        }
    }
}
