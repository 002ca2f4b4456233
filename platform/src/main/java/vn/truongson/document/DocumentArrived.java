package vn.truongson.document;

/**
 * A sent document reached a unit of the platform (notice 01 Đã đến): the unit's clerks have it to receive (tiếp nhận).
 * {@code recipientId} is the unit's copy.
 */
public record DocumentArrived(long documentId, long recipientId, long unitId) {}
