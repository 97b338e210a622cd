package webchat.connect;
public class Probe { public static void main(String[] a){ System.out.println(Runtime.version()); } }
