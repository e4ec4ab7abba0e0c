// End-to-end tests run the built apps as separate processes, exactly as `npm start` does.
const { execSync } = require('node:child_process');
const path = require('node:path');

module.exports = async function globalSetup() {
  execSync('npm run build --silent', { cwd: path.resolve(__dirname, '../..'), stdio: 'inherit' });
};
