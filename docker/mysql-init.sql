ALTER USER 'root'@'%' IDENTIFIED WITH mysql_native_password BY 'kayak';
ALTER USER 'root'@'localhost' IDENTIFIED WITH mysql_native_password BY 'kayak';
