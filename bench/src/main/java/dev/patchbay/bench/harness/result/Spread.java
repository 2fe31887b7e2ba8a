package dev.patchbay.bench.harness.result;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/** The median of several rounds' figures, with the smallest and largest. */
public record Spread(double median, double min, double max) {

    /** The spread of {@code figure} over {@code items}; with an even count the median is the mean of the middle two. */
    public static <T> Spread of(List<T> items, ToDoubleFunction<T> figure) {
        if (items.isEmpty()) {
            throw new IllegalArgumentException("no rounds to summarise");
        }
        double[] values = items.stream().mapToDouble(figure).sorted().toArray();
        int mid = values.length / 2;
        double median = values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
        return new Spread(median, values[0], values[values.length - 1]);
    }

    /** The spread of plain numbers. */
    public static Spread of(double... values) {
        return of(Arrays.stream(values).boxed().toList(), Double::doubleValue);
    }
}
