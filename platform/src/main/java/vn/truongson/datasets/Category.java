package vn.truongson.datasets;

import java.util.List;

/**
 * A category list of a data set (phân tổ, after DHIS2's categories): a code, a label and its options, e.g. "Theo cấp
 * bậc" with "Sĩ quan", "QNCN", "Hạ sĩ quan - binh sĩ". A numeric field may be broken down by one of them: a value is then
 * entered per option, rolled up per option, and its total is the field's value.
 */
public record Category(String code, String label, List<String> options) {}
