// One node of the development SolrCloud (scripts/solrcloud.sh): Solr's own embedded Jetty runner from
// solr-test-framework (the jars under solr/lib, from Maven Central) on a port of our choosing, joined
// to the ZooKeeper that -DzkHost names. Run as a single-file program: java -cp 'solr/lib/*' SolrNode.java
import java.util.Properties;
import org.apache.solr.embedded.JettyConfig;
import org.apache.solr.embedded.JettySolrRunner;

public class SolrNode {
  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: SolrNode <solr home> <port>");
      System.exit(2);
    }
    JettySolrRunner node =
        new JettySolrRunner(args[0], new Properties(), JettyConfig.builder().setPort(Integer.parseInt(args[1])).build());
    node.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        node.stop();
      } catch (Exception e) {
        e.printStackTrace();
      }
    }));
    Thread.currentThread().join();
  }
}
