package galera.agent;
public final class Main { public static void main(String[] a) {} }
