package vn.truongson.paper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import org.apache.fontbox.ttf.CmapLookup;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

/**
 * Liberation Serif, bundled under the SIL Open Font License: metric-compatible with Times New Roman, which
 * Decree 30 asks for and which a server cannot redistribute. PDFs embed it; Word files name Times New Roman,
 * which every Word user has, and lines of the same widths follow because the metrics are the same.
 */
final class Fonts {

    static final String PDF_FAMILY = "Liberation Serif";
    static final String WORD_FAMILY = "Times New Roman";

    enum Face {
        REGULAR("LiberationSerif-Regular.ttf"),
        BOLD("LiberationSerif-Bold.ttf"),
        ITALIC("LiberationSerif-Italic.ttf"),
        BOLD_ITALIC("LiberationSerif-BoldItalic.ttf");

        final String file;

        Face(String file) {
            this.file = file;
        }
    }

    private static final Map<Face, byte[]> BYTES = new EnumMap<>(Face.class);
    private static final Map<Face, Metrics> METRICS = new EnumMap<>(Face.class);

    static {
        for (Face f : Face.values()) {
            try (InputStream in = Fonts.class.getResourceAsStream("/fonts/" + f.file)) {
                if (in == null) throw new IllegalStateException("font missing from the classpath: /fonts/" + f.file);
                byte[] b = in.readAllBytes();
                BYTES.put(f, b);
                METRICS.put(f, Metrics.of(b));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Fonts() {}

    static byte[] bytes(Face f) {
        return BYTES.get(f);
    }

    /** The width of one line of {@code text} in millimetres, at {@code pt} points. */
    static double widthMm(String text, Face face, double pt) {
        return METRICS.get(face).width(text) * pt * 25.4 / 72;
    }

    /** Advance widths in ems, read once from the font's hmtx table. */
    private record Metrics(CmapLookup cmap, int[] advance, int unitsPerEm) {

        static Metrics of(byte[] ttf) throws IOException {
            try (TrueTypeFont font = new TTFParser().parse(new RandomAccessReadBuffer(ttf))) {
                int glyphs = font.getNumberOfGlyphs();
                int[] advance = new int[glyphs];
                for (int g = 0; g < glyphs; g++) advance[g] = font.getAdvanceWidth(g);
                return new Metrics(font.getUnicodeCmapLookup(), advance, font.getUnitsPerEm());
            }
        }

        double width(String text) {
            long units = 0;
            for (int i = 0; i < text.length(); ) {
                int cp = text.codePointAt(i);
                int g = cmap.getGlyphId(cp);
                units += advance[g < advance.length ? g : 0];
                i += Character.charCount(cp);
            }
            return (double) units / unitsPerEm;
        }
    }
}
