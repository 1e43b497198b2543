# The seed's multi-thread server: a new thread for every connection. Rebuilt from the report's
# description; see README.md in this directory for what was changed and why.
import socket
import sys
import threading


def handle_client(client_socket):
    try:
        request = client_socket.recv(1024)
        print(request.decode())
        response = "HTTP/1.1 200 OK\n\n" + request.decode()
        client_socket.send(response.encode())
    except Exception as e:
        print(e)
    finally:
        client_socket.close()


def main():
    port = int(sys.argv[1])
    server_socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server_socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    server_socket.bind(("127.0.0.1", port))
    server_socket.listen(100)
    while True:
        client_socket, addr = server_socket.accept()
        thread = threading.Thread(target=handle_client, args=(client_socket,))
        thread.start()


if __name__ == "__main__":
    main()
