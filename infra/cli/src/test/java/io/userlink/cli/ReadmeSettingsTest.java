package io.userlink.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.userlink.app.AppSetting;
import io.userlink.app.AppSettings;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's table of per-app settings says what the code enforces: each setting, its default and bounds. */
class ReadmeSettingsTest {

    @Test
    void readmeTableNamesEverySettingWithItsDefaultAndBounds() throws Exception {
        List<String> rows = Files.readAllLines(ServeProcess.PROJECT.resolve("README.md")).stream()
                .filter(line -> line.startsWith("| `")).toList();

        for (AppSetting setting : AppSetting.values()) {
            String row = rows.stream().filter(line -> line.startsWith("| `" + setting.operatorName() + "` |")).findFirst()
                    .orElseThrow(() -> new AssertionError("README has no row for " + setting.operatorName()));
            assertTrue(row.contains(setting.textIn(AppSettings.defaults())), row);
            assertTrue(row.contains("| " + setting.bounds() + " |"), row + " should give the bounds " + setting.bounds());
        }
    }
}
