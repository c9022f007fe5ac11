package io.kvstore.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartWriterTest {
    @TempDir
    Path dir;

    private static final double[] X = {10.7, 12, 14, 16};

    @Test
    void write_twoAxesAndMarker_writesPngOfTheChartSizeWithBothSeriesColours() throws Exception {
        Path png = dir.resolve("sub").resolve("chart.png");
        LineChartWriter.write(png, "title", "seconds", X,
                new LineChartWriter.Series("present", "entries", new double[] {26_000, 11_000, 8_000, 9_000}),
                new LineChartWriter.Series("share", "%", new double[] {6.1, 2.9, Double.NaN, 2.4}),
                10.7, "load ends");
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "not a readable image");
        assertEquals(LineChartWriter.WIDTH, img.getWidth());
        assertEquals(LineChartWriter.HEIGHT, img.getHeight());
        assertTrue(hasColour(img, LineChartWriter.LEFT_COLOUR.getRGB() & 0xffffff), "left series not drawn");
        assertTrue(hasColour(img, LineChartWriter.RIGHT_COLOUR.getRGB() & 0xffffff), "right series not drawn");
    }

    @Test
    void write_leftOnlyNoMarker_drawsNoSecondSeries() throws Exception {
        Path png = dir.resolve("left.png");
        LineChartWriter.write(png, "title", "seconds", X,
                new LineChartWriter.Series("present", "entries", new double[] {1, 2, 3, 4}), null, Double.NaN, null);
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(hasColour(img, LineChartWriter.LEFT_COLOUR.getRGB() & 0xffffff));
        assertFalse(hasColour(img, LineChartWriter.RIGHT_COLOUR.getRGB() & 0xffffff));
    }

    @Test
    void write_seriesLengthDiffersFromX_throwsAndWritesNothing() {
        Path png = dir.resolve("bad.png");
        assertThrows(IllegalArgumentException.class, () -> LineChartWriter.write(png, "t", "s", X,
                new LineChartWriter.Series("present", "entries", new double[] {1, 2}), null, Double.NaN, null));
        assertFalse(Files.exists(png));
    }

    @Test
    void write_noSamples_throws() {
        assertThrows(IllegalArgumentException.class, () -> LineChartWriter.write(dir.resolve("empty.png"), "t", "s",
                new double[0], new LineChartWriter.Series("p", "e", new double[0]), null, Double.NaN, null));
    }

    private static boolean hasColour(BufferedImage img, int rgb) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }
}
