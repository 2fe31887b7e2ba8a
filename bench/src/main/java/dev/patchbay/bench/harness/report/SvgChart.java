package dev.patchbay.bench.harness.report;

import dev.patchbay.bench.harness.result.Comparison;
import dev.patchbay.bench.harness.result.Mode;
import dev.patchbay.bench.harness.result.Spread;
import dev.patchbay.bench.harness.result.Target;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A grouped bar chart of the ratios: a panel per placement (rows) and mode (columns); in each, a group per message
 * size and a bar per backend — the median ratio, with a whisker from the smallest to the largest round — the
 * target as a dashed red line and parity as a grey one. Bars short of their target are outlined and labelled in
 * red.
 */
public final class SvgChart {
    private static final List<Mode> COLUMNS = List.of(Mode.THROUGHPUT, Mode.ROUND_TRIP);
    private static final String[] COLOURS = {"#4878a8", "#e0a030", "#58a068", "#a05890", "#808080", "#c06048"};
    private static final String SHORT = "#c0302a";
    private static final int PANEL_WIDTH = 470;
    private static final int PANEL_HEIGHT = 320;
    private static final int LEGEND_HEIGHT = 40;
    private static final int LEFT = 50;
    private static final int PLOT_TOP = 40;
    private static final int PLOT_HEIGHT = 220;

    private final StringBuilder svg = new StringBuilder();
    private final List<String> backends = new ArrayList<>();
    private final List<String> placements = new ArrayList<>();
    private final List<Integer> sizes = new ArrayList<>();

    private SvgChart(List<Comparison> comparisons) {
        for (Comparison c : comparisons) {
            addOnce(backends, c.backend());
            addOnce(placements, c.placement());
            addOnce(sizes, c.size());
        }
        sizes.sort(Integer::compare);
    }

    private static <T> void addOnce(List<T> list, T item) {
        if (!list.contains(item)) {
            list.add(item);
        }
    }

    /** The chart as a standalone SVG document. */
    public static String render(List<Comparison> comparisons) {
        return new SvgChart(comparisons).draw(comparisons);
    }

    private String draw(List<Comparison> comparisons) {
        int width = PANEL_WIDTH * COLUMNS.size() + 20;
        int height = LEGEND_HEIGHT + PANEL_HEIGHT * Math.max(1, placements.size());
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width,
                height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height));
        legend();
        for (int row = 0; row < placements.size(); row++) {
            for (int col = 0; col < COLUMNS.size(); col++) {
                String placement = placements.get(row);
                Mode mode = COLUMNS.get(col);
                panel(col * PANEL_WIDTH + 10, LEGEND_HEIGHT + row * PANEL_HEIGHT, placement, mode,
                        comparisons.stream().filter(c -> c.mode() == mode && c.placement().equals(placement))
                                .toList());
            }
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private void legend() {
        int x = LEFT + 10;
        for (int i = 0; i < backends.size(); i++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"12\" width=\"14\" height=\"14\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"24\">%s</text>%n", x, colour(i), x + 20, escape(backends.get(i))));
            x += 40 + 8 * backends.get(i).length();
        }
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"12\" width=\"14\" height=\"14\" fill=\"white\""
                + " stroke=\"%s\" stroke-width=\"2\"/><text x=\"%d\" y=\"24\">short of target</text>%n", x, SHORT,
                x + 20));
        x += 130;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"19\" x2=\"%d\" y2=\"19\" stroke=\"%s\""
                + " stroke-dasharray=\"6,4\" stroke-width=\"2\"/><text x=\"%d\" y=\"24\">target</text>%n", x, x + 24,
                SHORT, x + 30));
        x += 80;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"19\" x2=\"%d\" y2=\"19\" stroke=\"#999\"/>"
                + "<text x=\"%d\" y=\"24\">parity (1.00)</text>%n", x, x + 24, x + 30));
        x += 120;
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"24\" fill=\"#555\">whiskers: smallest to largest"
                + " round</text>%n", x));
    }

    private void panel(int x0, int y0, String placement, Mode mode, List<Comparison> comparisons) {
        Optional<Target> target = comparisons.stream().flatMap(c -> c.target().stream()).findFirst();
        Axis axis = Axis.fitting(y0 + PLOT_TOP, largest(comparisons, target));
        int plotLeft = x0 + LEFT;
        int plotWidth = PANEL_WIDTH - LEFT - 20;
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s, %s</text>%n",
                plotLeft - 44, y0 + PLOT_TOP - 22, escape(mode.label()), escape(placement)));
        String subtitle = "Patchbay ÷ baseline, " + (mode.higherIsBetter() ? "higher" : "lower") + " is better"
                + target.map(t -> "; target " + t).orElse("");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#555\" font-size=\"11\">%s</text>%n",
                plotLeft - 44, y0 + PLOT_TOP - 8, escape(subtitle)));
        for (double v = 0; v <= axis.top + 1e-9; v += axis.step) {
            int y = axis.y(v);
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#e4e4e4\"/>"
                    + "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>%n", plotLeft, y, plotLeft + plotWidth,
                    y, plotLeft - 6, y + 4, axis.label(v)));
        }
        int groupWidth = plotWidth / Math.max(1, sizes.size());
        int barWidth = Math.max(8, (groupWidth - 16) / Math.max(1, backends.size()));
        for (int g = 0; g < sizes.size(); g++) {
            int size = sizes.get(g);
            for (int b = 0; b < backends.size(); b++) {
                String backend = backends.get(b);
                int barLeft = plotLeft + g * groupWidth + 8 + b * barWidth;
                int colour = b;
                comparisons.stream().filter(c -> c.size() == size && c.backend().equals(backend)).findFirst()
                        .ifPresent(c -> bar(barLeft, barWidth - 4, colour, c, axis));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    plotLeft + g * groupWidth + groupWidth / 2, axis.y(0) + 18, escape(Figures.size(size))));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#555\">message"
                + " size</text>%n", plotLeft + plotWidth / 2, axis.y(0) + 36));
        line(plotLeft, plotWidth, axis.y(1.0), "#999", false);
        target.ifPresent(t -> line(plotLeft, plotWidth, axis.y(t.bound()), SHORT, true));
        line(plotLeft, plotWidth, axis.y(0), "#333", false);
    }

    private void bar(int x, int width, int colourIndex, Comparison c, Axis axis) {
        if (!c.measured()) {
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\""
                    + " font-size=\"10\">n/a</text>%n", x + width / 2, axis.y(0) - 4));
            return;
        }
        Spread ratio = c.ratio();
        boolean isShort = !c.meetsTarget().orElse(true);
        int top = axis.y(ratio.median());
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"%s>"
                + "<title>%s</title></rect>%n", x, top, width, axis.y(0) - top, colour(colourIndex),
                isShort ? " stroke=\"" + SHORT + "\" stroke-width=\"2\"" : "",
                escape(c.backend() + " " + Figures.size(c.size()) + ", " + c.placement() + ", " + c.mode().label()
                        + ": " + Figures.ratio(ratio.median()))));
        int middle = x + width / 2;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#222\"/>%n",
                middle, axis.y(ratio.min()), middle, axis.y(ratio.max())));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"10\"%s>"
                + "%.2f</text>%n", middle, Math.min(top, axis.y(ratio.max())) - 4,
                isShort ? " fill=\"" + SHORT + "\" font-weight=\"bold\"" : "", ratio.median()));
    }

    private void line(int x, int width, int y, String colour, boolean dashed) {
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\"%s/>%n",
                x, y, x + width, y, colour, dashed ? " stroke-width=\"2\" stroke-dasharray=\"6,4\"" : ""));
    }

    /** The largest value a panel must show: its whiskers, the target, and a little above parity. */
    private static double largest(List<Comparison> comparisons, Optional<Target> target) {
        double max = Math.max(1.25, target.map(Target::bound).orElse(1.0));
        for (Comparison c : comparisons) {
            if (c.measured()) {
                max = Math.max(max, c.ratio().max());
            }
        }
        return max;
    }

    private static String colour(int index) {
        return COLOURS[index % COLOURS.length];
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    /** Maps ratios to y coordinates in one panel, with gridlines at a round step. */
    private record Axis(int plotTop, double top, double step) {
        /** An axis from 0 to a multiple of a 1-2-2.5-5 step a little above {@code largest}, with about 6 lines. */
        static Axis fitting(int plotTop, double largest) {
            double raw = largest * 1.1 / 6;
            double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = magnitude * 10;
            for (double m : new double[] {1, 2, 2.5, 5}) {
                if (raw <= m * magnitude) {
                    step = m * magnitude;
                    break;
                }
            }
            return new Axis(plotTop, Math.ceil(largest * 1.1 / step) * step, step);
        }

        int y(double value) {
            return plotTop + PLOT_HEIGHT - (int) Math.round(value / top * PLOT_HEIGHT);
        }

        String label(double value) {
            // As many decimals as the step has: 0.25 needs two, 0.5 one, 5 none.
            int decimals = 0;
            while (decimals < 3 && Math.abs(step * Math.pow(10, decimals) - Math.rint(step * Math.pow(10, decimals)))
                    > 1e-9) {
                decimals++;
            }
            return String.format(Locale.ROOT, "%." + decimals + "f", value);
        }
    }
}
