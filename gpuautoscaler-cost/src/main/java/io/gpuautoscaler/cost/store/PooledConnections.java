package io.gpuautoscaler.cost.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;

/**
 * Keeps up to {@code maxIdle} connections open between handles. Opening a PostgreSQL connection
 * costs a few milliseconds, as much as writing a batch; the project carries no pool library for
 * this one need.
 */
final class PooledConnections implements ConnectionFactory, AutoCloseable {
  private final DataSource dataSource;
  private final int maxIdle;
  private final Deque<Connection> idle = new ConcurrentLinkedDeque<>();
  private volatile boolean closed;

  PooledConnections(DataSource dataSource, int maxIdle) {
    this.dataSource = dataSource;
    this.maxIdle = maxIdle;
  }

  @Override
  public Connection openConnection() throws SQLException {
    if (closed) {
      throw new SQLException("the cost store is closed");
    }
    for (Connection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
      if (!c.isClosed()) {
        return c;
      }
    }
    return dataSource.getConnection();
  }

  @Override
  public void closeConnection(Connection c) throws SQLException {
    // Jdbi restores auto-commit after a transaction; a connection left otherwise is suspect.
    if (closed || c.isClosed() || !c.getAutoCommit() || idle.size() >= maxIdle) {
      c.close();
      return;
    }
    idle.offerFirst(c);
    if (closed && idle.remove(c)) {
      c.close(); // close() ran while we were adding it
    }
  }

  @Override
  public void close() {
    closed = true;
    for (Connection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
      try {
        c.close();
      } catch (SQLException e) {
        // Closing is best effort: the store is going away either way.
      }
    }
  }
}
