package vn.truongson.signing.internal;

import vn.truongson.core.Vietnam;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.CubicCurve2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;
import javax.imageio.ImageIO;
import org.jspecify.annotations.Nullable;

/**
 * The visible appearances of Decree 30: the signer's blue signature (their own image, or a handwritten-style
 * one drawn from their name) with name and time; the unit's red round seal with its name and the time. Drawn at
 * three times the size they take on the page, on a transparent background, so the seal lets the signature under
 * it show through.
 */
public final class Appearances {

    public static final ZoneId VN = Vietnam.ZONE;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss dd/MM/yyyy", Locale.ROOT);
    static final Color INK_BLUE = new Color(0x1a, 0x3c, 0xb4);
    static final Color SEAL_RED = new Color(0xd0, 0x1c, 0x1f);
    /** Points on the page; the images are drawn at {@link #SCALE} pixels a point. */
    public static final float PERSONAL_WIDTH = 170, PERSONAL_HEIGHT = 72, SEAL_SIZE = 92, SEAL_TEXT = 12;
    static final int SCALE = 3;

    private static final Font REGULAR = font("LiberationSerif-Regular.ttf");
    private static final Font ITALIC = font("LiberationSerif-Italic.ttf");
    private static final Font BOLD = font("LiberationSerif-Bold.ttf");

    private Appearances() {}

    /** The personal signature: the signature itself over the signer's name and the signing time. */
    public static byte[] personal(String fullName, Instant at, byte @Nullable [] signatureImage) {
        int w = Math.round(PERSONAL_WIDTH * SCALE), h = Math.round(PERSONAL_HEIGHT * SCALE);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = graphics(img);
        int sigHeight = Math.round(h * 0.62f);
        BufferedImage own = signatureImage == null ? null : read(signatureImage);
        if (own != null) {
            double s = Math.min((double) w / own.getWidth(), (double) sigHeight / own.getHeight());
            int dw = (int) (own.getWidth() * s), dh = (int) (own.getHeight() * s);
            g.drawImage(own, (w - dw) / 2, (sigHeight - dh) / 2, dw, dh, null);
        } else {
            handwritten(g, fullName, w, sigHeight);
        }
        g.setColor(INK_BLUE.darker());
        g.setFont(BOLD.deriveFont(11f * SCALE));
        centred(g, fullName, w, sigHeight + Math.round(12.5f * SCALE));
        g.setFont(REGULAR.deriveFont(7.5f * SCALE));
        centred(g, "Ký số: " + TIME.format(at.atZone(VN)), w, h - Math.round(2 * SCALE));
        g.dispose();
        return png(img);
    }

    /** The seal's time as it is written under the ring (hh:mm:ss dd/MM/yyyy, Vietnam time): as text, by {@link SealTime}. */
    public static String time(Instant at) {
        return TIME.format(at.atZone(VN));
    }

    /**
     * The seal: a red double ring, the unit's name round the top, a star in the middle. Its time is not drawn here: it is
     * written as text under the ring ({@link SealTime}), where it is readable and clear of the signer's name.
     */
    public static byte[] seal(String unitName, String parentName) {
        int size = Math.round(SEAL_SIZE * SCALE);
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = graphics(img);
        Color ink = new Color(SEAL_RED.getRed(), SEAL_RED.getGreen(), SEAL_RED.getBlue(), 215);
        g.setColor(ink);
        float c = size / 2f;
        g.setStroke(new BasicStroke(2.2f * SCALE));
        g.draw(new Ellipse2D.Float(2f * SCALE, 2f * SCALE, size - 4f * SCALE, size - 4f * SCALE));
        g.setStroke(new BasicStroke(0.9f * SCALE));
        float inner = size * 0.30f;
        g.draw(new Ellipse2D.Float(c - inner, c - inner, inner * 2, inner * 2));
        star(g, c, c, inner * 0.78f);
        String ring = parentName.isBlank() ? unitName.toUpperCase(new Locale("vi")) : parentName.toUpperCase(new Locale("vi"));
        arc(g, ring, c, c, size * 0.40f, true);
        arc(g, unitName.toUpperCase(new Locale("vi")), c, c, size * 0.40f, false);
        g.dispose();
        return png(img);
    }

    private static void handwritten(Graphics2D g, String name, int w, int h) {
        Random r = new Random(name.hashCode());
        String[] parts = name.trim().split("\\s+");
        String given = parts[parts.length - 1];
        String initials = parts.length > 1 ? parts[0].substring(0, 1) + "." : "";
        String text = initials + given;
        g.setColor(INK_BLUE);
        Font f = ITALIC.deriveFont(Font.PLAIN, h * 0.62f);
        f = f.deriveFont(AffineTransform.getShearInstance(-0.32, 0));
        g.setFont(f);
        FontMetrics fm = g.getFontMetrics();
        while (fm.stringWidth(text) > w * 0.82 && f.getSize2D() > 8) {
            f = f.deriveFont(f.getSize2D() * 0.9f);
            g.setFont(f);
            fm = g.getFontMetrics();
        }
        int tw = fm.stringWidth(text);
        int x = (w - tw) / 2, y = (int) (h * 0.70);
        g.drawString(text, x, y);
        // A flourish under the name, as the pen leaves the paper.
        g.setStroke(new BasicStroke(1.6f * SCALE, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        float x1 = x - w * 0.04f, y1 = y + h * 0.10f, x2 = x + tw + w * 0.08f, y2 = y - h * (0.05f + r.nextFloat() * 0.12f);
        g.draw(new CubicCurve2D.Float(x1, y1, x1 + tw * 0.3f, y1 + h * 0.18f, x2 - tw * 0.35f, y1 + h * 0.05f, x2, y2));
    }

    private static void star(Graphics2D g, float cx, float cy, float r) {
        Path2D p = new Path2D.Float();
        for (int i = 0; i < 10; i++) {
            double a = -Math.PI / 2 + i * Math.PI / 5;
            double rr = i % 2 == 0 ? r : r * 0.40;
            double x = cx + rr * Math.cos(a), y = cy + rr * Math.sin(a);
            if (i == 0) p.moveTo(x, y); else p.lineTo(x, y);
        }
        p.closePath();
        g.fill(p);
    }

    /** Text round the ring: over the top (reading left to right), or along the bottom. */
    private static void arc(Graphics2D g, String text, float cx, float cy, float radius, boolean top) {
        Font f = BOLD.deriveFont(radius * 0.20f);
        g.setFont(f);
        FontMetrics fm = g.getFontMetrics();
        double maxAngle = Math.PI * 0.92;
        while (fm.stringWidth(text) / radius > maxAngle && f.getSize2D() > 6) {
            f = f.deriveFont(f.getSize2D() * 0.93f);
            g.setFont(f);
            fm = g.getFontMetrics();
        }
        double total = fm.stringWidth(text) / (double) radius;
        double angle = top ? -Math.PI / 2 - total / 2 : Math.PI / 2 + total / 2;
        AffineTransform saved = g.getTransform();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            String ch = new String(Character.toChars(cp));
            double cw = fm.stringWidth(ch) / (double) radius;
            double mid = top ? angle + cw / 2 : angle - cw / 2;
            double x = cx + radius * Math.cos(mid), y = cy + radius * Math.sin(mid);
            g.setTransform(saved);
            g.translate(x, y);
            g.rotate(top ? mid + Math.PI / 2 : mid - Math.PI / 2);
            int baseline = top ? fm.getAscent() / 2 - fm.getDescent() / 2 : fm.getAscent() / 2;
            g.drawString(ch, -fm.stringWidth(ch) / 2f, baseline);
            angle = top ? angle + cw : angle - cw;
            i += Character.charCount(cp);
        }
        g.setTransform(saved);
    }

    private static void centred(Graphics2D g, String text, int w, int baseline) {
        FontMetrics fm = g.getFontMetrics();
        Font f = g.getFont();
        while (fm.stringWidth(text) > w * 0.98 && f.getSize2D() > 6) {
            f = f.deriveFont(f.getSize2D() * 0.92f);
            g.setFont(f);
            fm = g.getFontMetrics();
        }
        g.drawString(text, (w - fm.stringWidth(text)) / 2f, baseline);
    }

    private static Graphics2D graphics(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        return g;
    }

    static @Nullable BufferedImage read(byte[] bytes) {
        try {
            return ImageIO.read(new java.io.ByteArrayInputStream(bytes));
        } catch (IOException e) {
            return null;
        }
    }

    private static byte[] png(BufferedImage img) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Font font(String file) {
        try (InputStream in = Appearances.class.getResourceAsStream("/fonts/" + file)) {
            if (in == null) throw new IllegalStateException("font " + file + " is missing");
            return Font.createFont(Font.TRUETYPE_FONT, in);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot load the font " + file, e);
        }
    }
}
