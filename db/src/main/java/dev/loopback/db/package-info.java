/**
 * Persistence: Spring Data JDBC aggregates and repositories, one package per feature. Aggregates
 * refer to each other by id. Schema changes are Liquibase changesets under
 * {@code db/changelog/}, append-only.
 *
 * <p>Ids are assigned by the application, so new aggregates are written with
 * {@code JdbcAggregateTemplate.insert}; state changes are conditional {@code @Modifying} updates
 * whose row count tells the caller whether the change applied (no read-modify-write races).
 */
package dev.loopback.db;
