/**
 * Decree-30 layout for every generated document: PDF and Word.
 *
 * <p>A shared module: business modules describe a document as a {@link vn.truongson.paper.Decree30Document}
 * (agency, number, place and date, type and subject, sections, signature, recipients) and get its PDF or its
 * .docx laid out per Decree 30/2020/NĐ-CP, Appendix I (DOMAIN-VN.md §1). It knows no business module.
 */
@NullMarked
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"core"})
package vn.truongson.paper;

import org.jspecify.annotations.NullMarked;
